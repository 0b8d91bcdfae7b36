package dev.runner.report;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** What a PNG holds: its size, how many colours, how much of it is not white. */
record Pngs(int width, int height, int colours, double nonWhite) {

    static Pngs of(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) nonWhite++;
            }
        }
        return new Pngs(img.getWidth(), img.getHeight(), colours.size(),
                (double) nonWhite / ((long) img.getWidth() * img.getHeight()));
    }

    static Pngs of(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "a PNG");
        return of(img);
    }

    static Pngs of(Path file) throws IOException {
        return of(Files.readAllBytes(file));
    }

    /** At least this big, more than a handful of colours (text, anti-aliasing, data), and not an empty canvas. */
    Pngs assertDrawn(int minWidth, int minHeight, int minColours, double minNonWhite) {
        assertTrue(width >= minWidth && height >= minHeight, "size " + width + "×" + height);
        assertTrue(colours >= minColours, colours + " colours");
        assertTrue(nonWhite >= minNonWhite && nonWhite < 0.98, "non-white fraction " + nonWhite);
        return this;
    }
}
