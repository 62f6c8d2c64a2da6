package io.fluvius.media.core.links;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.ledger.TestClock;
import io.fluvius.media.core.records.NullMediaManager;
import io.fluvius.media.core.secrets.MasterKeys;
import io.fluvius.media.core.secrets.SecretBox;

class MediaLinksTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00.250Z"));
    private final NullMediaManager records = new NullMediaManager();
    private final SecretBox box = new SecretBox(MasterKeys.generated("media-1"));
    private final MediaLinks links = links(new LinkKeys(records, box, clock));
    private final UUID file = UUID.randomUUID();

    private MediaLinks links(LinkKeys keys) {
        return new MediaLinks(keys, clock, Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(24));
    }

    @Test
    void aLinkGrantsItsFileUntilItExpiresRoundedUpToAWholeSecond() {
        SignedLink link = links.sign(file, null);

        assertEquals(Instant.parse("2026-12-02T10:15:01Z"), link.expires());
        assertDoesNotThrow(() -> links.verify(link));
        clock.advance(Duration.ofMinutes(15));
        assertDoesNotThrow(() -> links.verify(link));
        clock.advance(Duration.ofMillis(750));
        var e = assertThrows(LinkRefusedException.class, () -> links.verify(link));
        assertEquals("media.link-expired", e.code());
    }

    @Test
    void aLinkAlteredInAnyPartIsInvalid() {
        SignedLink link = links.sign(file, Duration.ofMinutes(5));
        String signature = link.signature();
        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);

        for (SignedLink altered : new SignedLink[] {
                new SignedLink(UUID.randomUUID(), link.expires(), link.keyId(), signature),
                new SignedLink(file, link.expires().plusSeconds(3600), link.keyId(), signature),
                new SignedLink(file, link.expires(), UUID.randomUUID().toString(), signature),
                new SignedLink(file, link.expires(), link.keyId(), flipped),
                new SignedLink(file, link.expires(), link.keyId(), "")}) {
            var e = assertThrows(LinkRefusedException.class, () -> links.verify(altered), altered.toString());
            assertEquals("media.link-invalid", e.code());
        }
    }

    @Test
    void aLifeLongerThanTheMaximumOrNotPositiveIsRefused() {
        assertThrows(InvalidMediaRequestException.class, () -> links.sign(file, Duration.ofHours(25)));
        assertThrows(InvalidMediaRequestException.class, () -> links.sign(file, Duration.ZERO));
        assertDoesNotThrow(() -> links.sign(file, Duration.ofHours(24)));
    }

    @Test
    void afterARotationOldLinksWorkForTheOverlapThenAreRefusedAndNewOnesWork() {
        SignedLink before = links.sign(file, Duration.ofHours(2));
        LinkKeyInfo rotated = links.rotate(Duration.ofMinutes(10));
        SignedLink after = links.sign(file, Duration.ofHours(2));

        assertNotEquals(before.keyId(), after.keyId());
        assertEquals(rotated.keyId(), after.keyId());
        assertDoesNotThrow(() -> links.verify(before));
        clock.advance(Duration.ofMinutes(10));
        var e = assertThrows(LinkRefusedException.class, () -> links.verify(before));
        assertEquals("media.link-invalid", e.code());
        assertDoesNotThrow(() -> links.verify(after));
    }

    @Test
    void aRotationWithoutOverlapRevokesEarlierLinksAtOnce() {
        SignedLink before = links.sign(file, Duration.ofHours(1));
        links.rotate(Duration.ZERO);

        assertThrows(LinkRefusedException.class, () -> links.verify(before));
    }

    @Test
    void aRotationWithoutOverlapAlsoRevokesLinksOfKeysRetiredBefore() {
        SignedLink first = links.sign(file, Duration.ofHours(1));
        links.rotate(Duration.ofHours(1));
        SignedLink second = links.sign(file, Duration.ofHours(1));
        links.verify(first);
        links.rotate(Duration.ZERO);

        assertThrows(LinkRefusedException.class, () -> links.verify(first));
        assertThrows(LinkRefusedException.class, () -> links.verify(second));
    }

    @Test
    void aLinkSignedByOneServerIsHonouredByAnotherSharingTheDatabaseAndMasterKey() {
        MediaLinks otherServer = links(new LinkKeys(records, box, clock));
        SignedLink link = links.sign(file, null);

        assertDoesNotThrow(() -> otherServer.verify(link));
        links.rotate(Duration.ZERO);
        clock.advance(Duration.ofSeconds(5)); // the other server reads the keys again within seconds
        assertThrows(LinkRefusedException.class, () -> otherServer.verify(link));
        assertDoesNotThrow(() -> otherServer.verify(links.sign(file, null)));
    }

    @Test
    void keysSurviveARestartAndAreStoredSealed() {
        SignedLink link = links.sign(file, null);
        MediaLinks restarted = links(new LinkKeys(records, box, clock));

        assertDoesNotThrow(() -> restarted.verify(link));
        assertEquals(1, links.keys().size());
    }

    @Test
    void rotatingRemovesKeysWhoseOverlapHasEnded() {
        links.sign(file, null);
        links.rotate(Duration.ofMinutes(1));
        links.rotate(Duration.ofMinutes(1));
        assertEquals(3, links.keys().size());
        clock.advance(Duration.ofMinutes(2));
        links.rotate(Duration.ofMinutes(1));

        assertEquals(2, links.keys().size(), "the two retired more than a minute ago are gone: " + links.keys());
    }
}
