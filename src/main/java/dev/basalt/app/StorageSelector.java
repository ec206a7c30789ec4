package dev.basalt.app;

import dev.basalt.files.LocalStorage;
import dev.basalt.files.S3Storage;
import dev.basalt.files.Storage;
import dev.basalt.settings.Settings;
import dev.basalt.settings.SettingsService;
import java.nio.file.Path;

/**
 * The file storage the settings ask for: the data directory's {@code storage/} folder, or the S3
 * bucket of the {@code s3} settings when enabled. Switches without a restart when the settings
 * change (files are not moved between storages).
 */
final class StorageSelector {
    private final LocalStorage local;
    private volatile Storage current;

    StorageSelector(Path localRoot, SettingsService settings) {
        this.local = new LocalStorage(localRoot);
        apply(settings.current());
        settings.onChange(this::apply);
    }

    private void apply(Settings settings) {
        Settings.S3 s3 = settings.s3();
        current = s3 != null && s3.enabled()
                ? new S3Storage(new S3Storage.Config(s3.endpoint(), s3.bucket(), s3.region(), s3.accessKey(), s3.secret(),
                        s3.forcePathStyle()))
                : local;
    }

    Storage current() {
        return current;
    }
}
