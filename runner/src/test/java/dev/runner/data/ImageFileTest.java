package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversion of an image file to a dataset image, as {@link ImageFile}'s comment states it. */
class ImageFileTest {
    @TempDir
    Path dir;

    private static BufferedImage grey(int w, int h, int[] values) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < values.length; i++) img.getRaster().setSample(i % w, i / w, 0, values[i]);
        return img;
    }

    @Test
    void greySamplesAreTheDatasetsBytesOver255() {
        float[] v = ImageFile.toGrey(grey(2, 1, new int[]{0, 200}), 1, 2);
        assertArrayEquals(new float[]{0f, 200 / 255f}, v, 0f);
    }

    @Test
    void colourIsBt601LuminanceRoundedToEightBitsAndGreyStoredAsRgbReadsTheSame() {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x00FF00);
        rgb.setRGB(2, 0, 0x8F8F8F);
        float[] v = ImageFile.toGrey(rgb, 1, 3);
        assertEquals(76 / 255f, v[0], 0f, "round(0.299 · 255)");
        assertEquals(150 / 255f, v[1], 0f, "round(0.587 · 255)");
        assertEquals(0x8F / 255f, v[2], 0f, "a grey pixel in RGB is its grey level");
    }

    @Test
    void sixteenBitGreyIsScaledByItsRange() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 257 * 100);
        assertArrayEquals(new float[]{1f, 100 / 255f}, ImageFile.toGrey(img, 1, 2), 0f);
    }

    @Test
    void transparencyIsLaidOverBlack() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FFFFFF);
        img.setRGB(1, 0, 0xFFFFFFFF);
        assertArrayEquals(new float[]{0f, 1f}, ImageFile.toGrey(img, 1, 2), 0f);
    }

    @Test
    void otherSizesAreAreaAveraged() {
        assertArrayEquals(new float[]{(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9) / 9f / 255f},
                ImageFile.toGrey(grey(3, 3, new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9}), 1, 1), 1e-7f);
        // 3 → 2: the first output pixel covers input pixel 0 and half of pixel 1.
        float[] in = {0.3f, 0.6f, 0.9f};
        float[] out = ImageFile.resample(in, 1, 3, 1, 2);
        assertEquals((0.3 + 0.5 * 0.6) / 1.5, out[0], 1e-6);
        assertEquals((0.5 * 0.6 + 0.9) / 1.5, out[1], 1e-6);
        // Twice the size, each pixel a 2×2 block: the original comes back exactly.
        float[] twice = ImageFile.resample(new float[]{0.1f, 0.2f, 0.3f, 0.4f}, 2, 2, 4, 4);
        assertArrayEquals(new float[]{0.1f, 0.2f, 0.3f, 0.4f}, ImageFile.resample(twice, 4, 4, 2, 2), 0f);
    }

    @Test
    void jpegIsReadAndOtherFormatsAreRefusedByName() throws Exception {
        BufferedImage img = grey(28, 28, new int[784]);
        Path jpeg = dir.resolve("black.jpg");
        ImageIO.write(img, "jpeg", jpeg.toFile());
        float[] v = ImageFile.read(jpeg, 28, 28);
        for (float p : v) assertEquals(0f, p, 0.02f);
        Path bmp = dir.resolve("image.png");
        ImageIO.write(img, "bmp", bmp.toFile());
        ImageFile.BadImageException e = assertThrows(ImageFile.BadImageException.class,
                () -> ImageFile.read(bmp, 28, 28));
        assertTrue(e.getMessage().equals(bmp + ": is a BMP image; give a PNG or JPEG"), e.getMessage());
    }
}
