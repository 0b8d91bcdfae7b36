package dev.runner.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A grid of small grey-scale images, each with a caption above it, under a title and a subtitle, drawn with the JDK
 * alone. Images are scaled up by whole pixels (nearest neighbour), so every input pixel stays visible.
 */
public final class ImageGrid {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x55, 0x55, 0x55);
    private static final int MARGIN = 16;
    private static final int GAP = 10;

    /** One image: {@code height × width} values in [0, 1] (0 black, 1 white), a caption, the caption's colour. */
    public record Tile(float[] pixels, int height, int width, String caption, Color captionColor) {
        public Tile(float[] pixels, int height, int width, String caption) {
            this(pixels, height, width, caption, INK);
        }
    }

    private ImageGrid() {
    }

    /**
     * Draws {@code tiles} in rows of {@code columns} (fewer when the captions are wide, so the picture stays within
     * {@code maxWidth}); an empty list gives a picture that says {@code emptyText}.
     */
    public static BufferedImage render(String title, String subtitle, List<Tile> tiles, int columns, int scale,
                                       int maxWidth, String emptyText) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics captionMetrics = pg.getFontMetrics(CAPTION);
        FontMetrics titleMetrics = pg.getFontMetrics(TITLE);
        FontMetrics subMetrics = pg.getFontMetrics(SUBTITLE);
        int imageW = 0;
        int imageH = 0;
        int captionW = 0;
        for (Tile t : tiles) {
            imageW = Math.max(imageW, t.width() * scale);
            imageH = Math.max(imageH, t.height() * scale);
            captionW = Math.max(captionW, captionMetrics.stringWidth(t.caption()));
        }
        pg.dispose();
        int cellW = Math.max(imageW, captionW) + GAP;
        int cellH = imageH + captionMetrics.getHeight() + 4 + GAP;
        int cols = Math.max(1, Math.min(columns, (maxWidth - 2 * MARGIN) / Math.max(1, cellW)));
        if (!tiles.isEmpty()) cols = Math.min(cols, tiles.size());
        int rows = tiles.isEmpty() ? 0 : (tiles.size() + cols - 1) / cols;
        int headerH = titleMetrics.getHeight() + subMetrics.getHeight() + 12;
        int width = Math.max(2 * MARGIN + cols * cellW,
                2 * MARGIN + Math.max(titleMetrics.stringWidth(title), subMetrics.stringWidth(subtitle)));
        int height = MARGIN + headerH + (tiles.isEmpty() ? 40 : rows * cellH) + MARGIN;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = MARGIN + titleMetrics.getAscent();
        g.setFont(TITLE);
        g.setColor(INK);
        g.drawString(title, MARGIN, y);
        y += subMetrics.getHeight() + 4;
        g.setFont(SUBTITLE);
        g.setColor(MUTED);
        g.drawString(subtitle, MARGIN, y);
        int top = MARGIN + headerH;
        if (tiles.isEmpty()) {
            g.setColor(INK);
            g.drawString(emptyText, MARGIN, top + 24);
        }
        int gridW = cols * cellW;
        int left = (width - gridW) / 2;
        g.setFont(CAPTION);
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int cx = left + (i % cols) * cellW + cellW / 2;
            int cy = top + (i / cols) * cellH;
            g.setColor(t.captionColor());
            g.drawString(t.caption(), cx - captionMetrics.stringWidth(t.caption()) / 2,
                    cy + captionMetrics.getAscent());
            int ix = cx - t.width() * scale / 2;
            int iy = cy + captionMetrics.getHeight() + 4;
            drawImage(img, t, ix, iy, scale);
            g.setColor(new Color(0xBB, 0xBB, 0xBB));
            g.drawRect(ix - 1, iy - 1, t.width() * scale + 1, t.height() * scale + 1);
        }
        g.dispose();
        return img;
    }

    private static void drawImage(BufferedImage img, Tile t, int x0, int y0, int scale) {
        for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
                int v = Math.round(255 * Math.max(0f, Math.min(1f, t.pixels()[y * t.width() + x])));
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                }
            }
        }
    }
}
