package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.Storage;
import java.nio.file.Path;

/** The server storage with the head and its WAL (no blocks yet). */
class HeadStorageContractTest extends StorageContractTest {

    @Override
    protected Storage open(Path dir) throws Exception {
        return new TsdbComponent(TsdbOptions.defaults(dir));
    }

    @Override
    protected void close(Storage s) throws Exception {
        ((TsdbComponent) s).close();
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
