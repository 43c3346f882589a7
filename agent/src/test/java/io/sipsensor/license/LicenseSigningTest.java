package io.sipsensor.license;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed files: what verifies, what the signature covers, and that changing any single byte of a file makes it
 * KEY_INVALID.
 */
class LicenseSigningTest
{
    private static final KeyPair KEYS = LicenseKeys.generate();
    private static final Identity HOST = new Identity("0123456789abcdef0123456789abcdef", "");

    private static String signedLicense()
    {
        final License license = new License("L-7", "Zákazník \"A\", s.r.o.", 250, LocalDate.parse("2030-01-01"),
            LocalDate.parse("2030-12-31"), true, false, new Binding(Binding.HWID, HOST.hwid()),
            new TemporaryIncrease("L-7", "L-7", 20, Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-10T00:00:00Z")));
        return SignedDocument.sign(license.toPayload(), KEYS.getPrivate());
    }

    @Test
    void shouldVerifyAndReadBackWhatWasSigned()
    {
        final LicenseVerifier.Verdict verdict = LicenseVerifier.verify(signedLicense(), KEYS.getPublic(), HOST);
        assertNull(verdict.problem(), verdict.cause());
        assertEquals(250, verdict.license().channels());
        assertEquals("Zákazník \"A\", s.r.o.", verdict.license().customer());
        assertEquals(20, verdict.license().increase().channels());
        assertEquals(true, verdict.license().autoRenewal());
    }

    @Test
    void shouldSignTheCanonicalFormSoLayoutAndOrderDoNotMatter()
    {
        final String compact = signedLicense().replace("\n", "").replace("  ", "");
        assertNull(LicenseVerifier.verify(compact, KEYS.getPublic(), HOST).problem());
        assertEquals("{\"a\":[1,true,null],\"b\":\"x\\ny\"}",
            CanonicalJson.text(io.sipsensor.json.JsonReader.parse("{ \"b\": \"x\\ny\", \"a\": [1, true, null] }")));
    }

    @Test
    void shouldMakeTheFileKeyInvalidWhenAnySingleByteChanges()
    {
        final byte[] original = signedLicense().getBytes(StandardCharsets.UTF_8);
        int checked = 0;
        for (int i = 0; i < original.length; i++)
        {
            for (final byte replacement : new byte[]{'x', 'A', '1', ' '})
            {
                if (original[i] == replacement || (original[i] <= ' ' && replacement == ' '))
                {
                    continue;
                }
                final byte[] changed = original.clone();
                changed[i] = replacement;
                final String text = new String(changed, StandardCharsets.UTF_8);
                final LicenseVerifier.Verdict verdict = LicenseVerifier.verify(text, KEYS.getPublic(), HOST);
                assertEquals(EventType.KEY_INVALID, verdict.problem(), "byte " + i + " changed: " + text);
                checked++;
            }
        }
        assertTrue(checked > original.length * 3, "checked " + checked);
    }

    @Test
    void shouldRefuseASignatureWhoseUnusedBase64BitsAreSet()
    {
        final String text = signedLicense();
        final int padding = text.indexOf("==\"");
        final char last = text.charAt(padding - 1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        final char sameBits = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        final String changed = text.substring(0, padding - 1) + sameBits + text.substring(padding);
        final LicenseVerifier.Verdict verdict = LicenseVerifier.verify(changed, KEYS.getPublic(), HOST);
        assertEquals(EventType.KEY_INVALID, verdict.problem());
        assertTrue(verdict.cause().contains("canonical base64"), verdict.cause());
    }

    @Test
    void shouldRefuseAFileSignedWithAnotherKey()
    {
        final KeyPair other = LicenseKeys.generate();
        final LicenseVerifier.Verdict verdict = LicenseVerifier.verify(signedLicense(), other.getPublic(), HOST);
        assertEquals(EventType.KEY_INVALID, verdict.problem());
        assertNotNull(verdict.cause());
    }

    @Test
    void shouldReadThePublicKeyAsBase64OrAsAPemFile(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException
    {
        assertEquals(KEYS.getPublic(), LicenseKeys.readPublicKey(LicenseKeys.base64(KEYS.getPublic())));
        final java.nio.file.Path pem = dir.resolve("vendor.pub");
        java.nio.file.Files.writeString(pem, LicenseKeys.pem(KEYS.getPublic()));
        assertEquals(KEYS.getPublic(), LicenseKeys.readPublicKey(pem.toString()));
    }

    @Test
    void shouldDeriveAStableHardwareIdFromMachineIdAndDmi(
        @org.junit.jupiter.api.io.TempDir final java.nio.file.Path root)
        throws java.io.IOException
    {
        java.nio.file.Files.createDirectories(root.resolve("etc"));
        java.nio.file.Files.writeString(root.resolve("etc/machine-id"), "3D1219C7C4C5404AAA1F6D2A48ADFDA4\n");
        final HardwareId machineOnly = HardwareId.of(root);
        assertEquals(HardwareId.of(root), machineOnly);
        assertEquals(32, machineOnly.value().length());
        assertEquals(java.util.List.of("machine-id"), machineOnly.sources());

        java.nio.file.Files.createDirectories(root.resolve("sys/class/dmi/id"));
        java.nio.file.Files.writeString(root.resolve("sys/class/dmi/id/product_uuid"), "4C4C4544-0042-3510\n");
        final HardwareId withDmi = HardwareId.of(root);
        assertEquals(java.util.List.of("machine-id", "product-uuid"), withDmi.sources());
        assertEquals(false, withDmi.value().equals(machineOnly.value()), "a cloned VM's new DMI UUID changes it");
    }

    @Test
    void shouldGiveEachDayThePeakOfTheChannelsActiveInItCountingMidnightSpansInBoth()
    {
        final io.sipsensor.channel.LegTable legs = new io.sipsensor.channel.LegTable(16);
        final long midnight = Instant.parse("2030-01-02T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        final long hour = 3_600_000_000_000L;
        legs.add(midnight - hour, midnight - hour, midnight + hour, 1, 200);
        legs.add(midnight - 2 * hour, midnight - 2 * hour, midnight - hour / 2, 2, 200);
        legs.add(midnight + 2 * hour, midnight + 2 * hour, midnight + 3 * hour, 3, 200);
        legs.add(midnight + 2 * hour, midnight + 2 * hour, midnight + 3 * hour, 4, 487);
        final Map<LocalDate, Long> peaks = JournalDailyPeaks.perDay(
            io.sipsensor.channel.LicenseChannels.merge(legs, io.sipsensor.channel.LicenseChannelSettings.defaults()),
            LocalDate.parse("2030-01-01"), LocalDate.parse("2030-01-03"), java.time.ZoneOffset.UTC,
            Instant.parse("2030-01-02T02:30:00Z"));
        assertEquals(Map.of(LocalDate.parse("2030-01-01"), 2L, LocalDate.parse("2030-01-02"), 1L), peaks,
            "the 487 leg counts zero and activity after 'until' is not counted");
    }
}
