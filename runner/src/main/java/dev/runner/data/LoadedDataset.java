package dev.runner.data;

/** A dataset's training and test sets, verified against their checksums, pixels scaled to [0, 1]. */
public record LoadedDataset(DatasetInfo info, ImageSet train, ImageSet test) {
}
