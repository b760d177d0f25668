package dev.portico.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class after which a Netty buffer was found collected without being released. Every buffer is
 * tracked (the detector's paranoid level) in every data-plane test, and in every operator test (the operator's tests
 * take this module's test jar, and with it the registration): registered through {@code META-INF/services} and
 * {@code junit-platform.properties}. Netty only logs a leak, when it happens to notice one, so without this a leak on
 * a rarely taken path (a retry, a refusal, a closed link or stream) passes every test.
 */
public final class BufferLeakCheck implements AfterAllCallback {
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        // before the first buffer class is initialized: AbstractByteBuf takes its detector from the factory once
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Recording());
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        // A detector looks at what the collector found only when it tracks the next buffer.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            ByteBufAllocator.DEFAULT.buffer(1).release();
            Unpooled.buffer(1).release();
        }
        List<String> found = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            found.add(leak);
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty buffer(s) collected without release() during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", found));
        }
    }

    private static final class Recording extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                protected boolean needReport() {
                    return true;
                }

                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    LEAKS.add("LEAK " + resourceType + records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    LEAKS.add("LEAK " + resourceType + " (no access records)");
                }
            };
        }
    }
}
