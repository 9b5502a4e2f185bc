package io.qscale.manager;

import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.manager.scaler.ScalerProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The example of docs/operations.md: a user's own scaler, plugged in by naming this class as
 * {@code scaler.type}. It only keeps a list (a real one would call its platform's API), which is
 * all a test of the plug-in mechanism needs.
 */
public final class ExampleScalerProvider implements ScalerProvider {

    @Override
    public Scaler create(ScalerContext context) {
        return new Scaler() {
            private final List<ScalerInstance> running = new ArrayList<>();
            private int next;

            @Override
            public String name() {
                return "example(" + context.setting("region", "nowhere") + ")";
            }

            @Override
            public List<ScalerInstance> instances() {
                return List.copyOf(running);
            }

            @Override
            public List<ScalerInstance> start(int count) {
                List<ScalerInstance> started = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ScalerInstance instance = new ScalerInstance(context.queue() + "-example-" + next++, "vm-" + next, Instant.now());
                    running.add(instance);
                    started.add(instance);
                }
                return started;
            }

            @Override
            public void stop(Collection<String> workerIds) {
                running.removeIf(instance -> workerIds.contains(instance.workerId()));
            }
        };
    }
}
