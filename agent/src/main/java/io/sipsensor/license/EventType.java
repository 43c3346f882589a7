package io.sipsensor.license;

/**
 * The kinds of license violation event (LICENSING.md), each with its own escalation schedule, configured by
 * {@code license_schedule_<name>}. DUPLICATE_SENSOR, MISSING_SENSOR and MISSING_CENTRAL need a central to be
 * observed; their types and schedules exist, their inputs are empty until a central does.
 */
public enum EventType
{
    OVER_ALLOCATION("over_allocation", "WARNING:1,MINOR:4,MAJOR:8,CRITICAL:11,LOCKED:14",
        "a day's license peak exceeded the effective limit; counted in over-days"),
    LICENSE_EXPIRED("expired", "WARNING:1,MINOR:2,MAJOR:3,CRITICAL:4,LOCKED:5",
        "a license with automatic renewal past its formal end and the renewal grace; days from the grace's end " +
            "(a cancelled license or a trial is LOCKED at its end, without a schedule)"),
    LICENSE_ENDING("ending", "WARNING:1",
        "a notice: a cancelled license or a trial ends within 14 days and reporting locks then; days"),
    KEY_INVALID("key_invalid", "WARNING:1,MINOR:2,MAJOR:3,CRITICAL:4,LOCKED:5",
        "an installed file's signature does not verify or it cannot be read; days"),
    BINDING_MISMATCH("binding_mismatch", "WARNING:1,MINOR:2,MAJOR:3,CRITICAL:4,LOCKED:5",
        "the license is bound to another hardware id or domain; days"),
    CLOCK_INVALID("clock_invalid", "WARNING:1,MINOR:2,MAJOR:3,CRITICAL:4,LOCKED:5",
        "the clock is before the license's issue date or has gone backwards; days"),
    DUPLICATE_SENSOR("duplicate_sensor", "WARNING:1,MINOR:4,MAJOR:8,CRITICAL:11,LOCKED:14",
        "two sensors report the same sensor id or hardware id to one central (needs a central); days"),
    MISSING_SENSOR("missing_sensor", "WARNING:1,MINOR:2,MAJOR:7",
        "a sensor has not been heard from for too long (needs a central); days"),
    MISSING_CENTRAL("missing_central", "WARNING:1,MINOR:2,MAJOR:7",
        "the sensor cannot reach its central (needs a central); days");

    private final String settingName;
    private final String defaultSchedule;
    private final String description;

    EventType(final String settingName, final String defaultSchedule, final String description)
    {
        this.settingName = settingName;
        this.defaultSchedule = defaultSchedule;
        this.description = description;
    }

    /**
     * @return the config key of this event's schedule.
     */
    public String scheduleKey()
    {
        return "license_schedule_" + settingName;
    }

    /**
     * @return the default schedule, as the setting's text.
     */
    public String defaultSchedule()
    {
        return defaultSchedule;
    }

    /**
     * @return what raises the event and what its days count.
     */
    public String description()
    {
        return description;
    }
}
