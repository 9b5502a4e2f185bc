package io.qscale.core.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ScriptOutputType;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.Scripts;
import io.qscale.core.redis.RedisSession;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import io.lettuce.core.Limit;

/**
 * The capped Redis stream of decision records that the dashboard, the API and
 * {@code qscale decisions} read. A run of like decisions that changed nothing is folded into its
 * newest entry (see {@link RecordedDecision#foldKey()}), so one idle minute is one entry, not
 * sixty, and the newest entry is always the latest decision. Thread-safe.
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

    /**
     * Appends a decision, or folds it into the newest entry when that one is like it; returns the
     * decision as stored (with the run it now stands for).
     */
    public RecordedDecision append(RecordedDecision decision) {
        List<Object> run = Scripts.DECISION.run(redis.commands(), ScriptOutputType.MULTI, new String[] {keys.decisions()},
                Json.encode(decision), decision.foldKey(), Long.toString(decision.decision().at().toEpochMilli()),
                Integer.toString(kept));
        return decision.asRun(((Long) run.get(0)).intValue(), Instant.ofEpochMilli((Long) run.get(1)));
    }

    /** The newest {@code limit} records, newest first. */
    public List<RecordedDecision> recent(int limit) {
        List<RecordedDecision> records = new ArrayList<>();
        for (StreamMessage<String, String> message : redis.commands().xrevrange(keys.decisions(), Range.create("-", "+"),
                Limit.from(limit))) {
            try {
                RecordedDecision recorded = Json.mapper().readValue(message.getBody().get("decision"), RecordedDecision.class);
                String repeats = message.getBody().get("repeats");
                String since = message.getBody().get("since");
                records.add(repeats == null || since == null ? recorded
                        : recorded.asRun(Integer.parseInt(repeats), Instant.ofEpochMilli(Long.parseLong(since))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a decision record is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return records;
    }
}
