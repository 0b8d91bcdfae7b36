package dev.runner.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A PNG or JPEG file as one of the dataset's images: {@code height × width} grey values in [0, 1], as the IDX files
 * give them ({@code byte / 255}).
 *
 * <p>The conversion: a grey image's samples are used as they are (a 16-bit one scaled to [0, 1] by its own range); a
 * colour image becomes 8-bit luminance {@code round((299·R + 587·G + 114·B) / 1000)} of its sRGB values (ITU-R
 * BT.601, what PIL's {@code convert("L")} and so torchvision's {@code Grayscale} give), so a grey picture stored as RGB
 * reads the same as stored grey. Transparency is laid over black, the datasets' background. An image of another size
 * is resampled to the dataset's by area averaging (each output pixel is the mean of the input area it covers, with
 * fractional pixels weighted by their share); it is stretched, not cropped, when its aspect ratio differs. Nothing is
 * inverted: MNIST and Fashion-MNIST are light figures on a black background, and an image must look like that to be
 * classified meaningfully.
 *
 * <p>The file is checked before any pixel is decoded: a regular file, not empty, a PNG or JPEG by its content, and
 * at most {@link #MAX_SIDE} pixels a side by its header, so a small file that claims a giant image is refused before
 * the decoder allocates it.
 */
public final class ImageFile {
    /** The largest width or height read. */
    public static final int MAX_SIDE = 8192;
    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    /** A file that is not a usable image; the message names the file and what is wrong. */
    public static final class BadImageException extends Exception {
        BadImageException(Path file, String problem) {
            super(file + ": " + problem);
        }

        BadImageException(Path file, String problem, Throwable cause) {
            super(file + ": " + problem, cause);
        }
    }

    private ImageFile() {
    }

    /** The image at {@code file} as {@code height × width} grey values in [0, 1]. */
    public static float[] read(Path file, int height, int width) throws BadImageException {
        return toGrey(decode(file), height, width);
    }

    /** Decodes a PNG or JPEG after the checks in the class comment. */
    static BufferedImage decode(Path file) throws BadImageException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new BadImageException(file, "no such file");
        }
        if (Files.isDirectory(file)) throw new BadImageException(file, "is a directory, not an image file");
        if (!Files.isRegularFile(file)) {
            throw new BadImageException(file, "is not a regular file (a pipe, device or socket); give a PNG or JPEG "
                    + "file");
        }
        try {
            if (Files.size(file) == 0) throw new BadImageException(file, "is empty; give a PNG or JPEG image");
        } catch (IOException e) {
            throw new BadImageException(file, "cannot be read: " + e.getMessage(), e);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new BadImageException(file, "cannot be read");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(file, "is not an image (neither PNG nor JPEG by its content)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw new BadImageException(file, "is a " + format.toUpperCase(Locale.ROOT)
                            + " image; give a PNG or JPEG");
                }
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new BadImageException(file, String.format(Locale.ROOT,
                            "is %d×%d pixels; at most %d×%d are read (the network sees 28×28: scale it down first)",
                            w, h, MAX_SIDE, MAX_SIDE));
                }
                if (w < 1 || h < 1) throw new BadImageException(file, "has no pixels (" + w + "×" + h + ")");
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(file, "is not a readable PNG or JPEG image ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    /** The class comment's conversion: grey values in [0, 1], resampled to {@code height × width}. */
    static float[] toGrey(BufferedImage image, int height, int width) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] grey = new float[w * h];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        boolean greyModel = cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        boolean alpha = cm.hasAlpha();
        if (greyModel) {
            // getRGB would pass grey through a linear-to-sRGB conversion and change the values; the samples are the
            // grey levels as stored.
            float max = (1 << cm.getComponentSize(0)) - 1;
            float alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    if (alpha) v = v * raster.getSample(x, y, 1) / alphaMax;
                    grey[y * w + x] = v;
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y);
                    int r = (argb >> 16) & 0xff;
                    int g = (argb >> 8) & 0xff;
                    int b = argb & 0xff;
                    int luminance = (299 * r + 587 * g + 114 * b + 500) / 1000;
                    float v = luminance / 255f;
                    if (alpha) v = v * ((argb >>> 24) & 0xff) / 255f;
                    grey[y * w + x] = v;
                }
            }
        }
        return w == width && h == height ? grey : resample(grey, h, w, height, width);
    }

    /** Area averaging from {@code h × w} to {@code height × width}. */
    static float[] resample(float[] in, int h, int w, int height, int width) {
        float[] out = new float[height * width];
        double sy = (double) h / height;
        double sx = (double) w / width;
        for (int oy = 0; oy < height; oy++) {
            double y0 = oy * sy;
            double y1 = (oy + 1) * sy;
            for (int ox = 0; ox < width; ox++) {
                double x0 = ox * sx;
                double x1 = (ox + 1) * sx;
                double sum = 0;
                double area = 0;
                for (int y = (int) Math.floor(y0); y < Math.min(h, (int) Math.ceil(y1)); y++) {
                    double wy = Math.min(y1, y + 1) - Math.max(y0, y);
                    if (wy <= 0) continue;
                    for (int x = (int) Math.floor(x0); x < Math.min(w, (int) Math.ceil(x1)); x++) {
                        double wx = Math.min(x1, x + 1) - Math.max(x0, x);
                        if (wx <= 0) continue;
                        sum += wy * wx * in[y * w + x];
                        area += wy * wx;
                    }
                }
                out[oy * width + ox] = (float) (sum / area);
            }
        }
        return out;
    }
}
