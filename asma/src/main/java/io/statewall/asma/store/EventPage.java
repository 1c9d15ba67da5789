package io.statewall.asma.store;

import java.util.List;

/** One page of events, newest first; {@code next} is the cursor of the next page, null after the last. */
public record EventPage(List<StoredEvent> items, Long next) {
}
