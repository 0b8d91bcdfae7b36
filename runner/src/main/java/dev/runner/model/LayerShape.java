package dev.runner.model;

/** The shape of one example's activations: a map (channels × height × width) or a flat vector. */
public record LayerShape(boolean map, int channels, int height, int width) {

    public static LayerShape map(int channels, int height, int width) {
        return new LayerShape(true, channels, height, width);
    }

    public static LayerShape flat(int size) {
        return new LayerShape(false, size, 1, 1);
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return map ? channels + "×" + height + "×" + width : Integer.toString(channels);
    }
}
