package io.fluvius.media.core.records;

class NullMediaManagerTest extends MediaManagerContract {

    private final NullMediaManager manager = new NullMediaManager();

    @Override
    protected MediaManager manager() {
        return manager;
    }
}
