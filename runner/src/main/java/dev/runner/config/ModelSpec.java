package dev.runner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** The network: a default weight initialisation and the layers in order. Input shape comes from the dataset. */
public record ModelSpec(@NotNull @Valid InitSpec init,
                        @NotEmpty(message = "must list at least one layer") List<@Valid LayerSpec> layers) {
    public ModelSpec {
        layers = List.copyOf(layers);
    }
}
