package io.qscale.core.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capped Redis stream of decision records that the dashboard, the API and
 * {@code qscale decisions} read. Thread-safe.
 */
public final class DecisionLog {

    private final RedisSession redis;
    private final QueueKeys keys;
    private final int kept;

    public DecisionLog(RedisSession redis, QueueKeys keys, int kept) {
        this.redis = redis;
        this.keys = keys;
        this.kept = kept;
    }

    public void append(RecordedDecision decision) {
        redis.commands().xadd(keys.decisions(), XAddArgs.Builder.maxlen(kept).approximateTrimming(),
                Map.of("decision", Json.encode(decision)));
    }

    /** The newest {@code limit} records, newest first. */
    public List<RecordedDecision> recent(int limit) {
        List<RecordedDecision> records = new ArrayList<>();
        for (StreamMessage<String, String> message : redis.commands().xrevrange(keys.decisions(), Range.create("-", "+"),
                io.lettuce.core.Limit.from(limit))) {
            try {
                records.add(Json.mapper().readValue(message.getBody().get("decision"), RecordedDecision.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a decision record is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return records;
    }
}
