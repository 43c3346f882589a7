package io.sipsensor.pipeline;

import io.sipsensor.call.CallTrackerSettings;

/**
 * Settings a running agent changes on SIGHUP, handed from the main thread to each duty cycle, which applies them
 * between two batches on its own thread.
 *
 * @param callSettings new call timeouts and limits.
 * @param filter       new capture filter ("" for none), or null to keep the current one.
 */
public record LiveReload(CallTrackerSettings callSettings, String filter)
{
}
