package io.qscale.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An entry of the dead-letter list. Immutable.
 *
 * @param task the envelope (or, for an item that could not be decoded, the item's text)
 * @param reason why it was given up
 * @param worker the worker that gave it up (or that died holding it)
 * @param failedAt when (epoch ms, server clock)
 */
public record DeadLetter(JsonNode task, String reason, String worker, long failedAt) {
}
