package dev.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A confusion matrix as a heat map drawn with the JDK: rows are true classes, columns predicted classes, each cell
 * coloured by its count (white to dark blue, linear in the largest count, as matplotlib's "Blues") and labelled with
 * it. Row totals stand on the right, so the support of each class can be read off.
 */
public final class ConfusionHeatmap {
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font COUNT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color LOW = new Color(247, 251, 255);
    private static final Color HIGH = new Color(8, 48, 107);
    private static final int MARGIN = 16;

    private ConfusionHeatmap() {
    }

    /** {@code counts[true][predicted]}. */
    public static BufferedImage render(String title, String subtitle, int[][] counts, List<String> classes) {
        int n = classes.size();
        int max = 1;
        for (int[] row : counts) for (int c : row) max = Math.max(max, c);

        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics label = pg.getFontMetrics(LABEL);
        FontMetrics axis = pg.getFontMetrics(AXIS);
        FontMetrics titleM = pg.getFontMetrics(ImageGrid.TITLE);
        FontMetrics subM = pg.getFontMetrics(ImageGrid.SUBTITLE);
        FontMetrics countM = pg.getFontMetrics(COUNT);
        pg.dispose();
        int longest = 0;
        for (String c : classes) longest = Math.max(longest, label.stringWidth(c));
        int cell = Math.max(52, countM.stringWidth(Integer.toString(max)) + 14);
        boolean slanted = longest > cell - 6;
        // Column labels: horizontal when they fit a cell, else at 45 degrees (their height is then ~0.71 × width).
        int columnLabelsH = slanted ? (int) Math.ceil(longest * 0.71) + label.getHeight() : label.getHeight();
        int headerH = titleM.getHeight() + subM.getHeight() + 16;
        int rowLabelsW = longest + 10;
        int gridX = MARGIN + axis.getHeight() + 6 + rowLabelsW;
        int gridY = MARGIN + headerH;
        int totalW = countM.stringWidth("n = " + max * n) + 20;
        int width = Math.max(gridX + n * cell + totalW + MARGIN,
                2 * MARGIN + Math.max(titleM.stringWidth(title), subM.stringWidth(subtitle)));
        int height = gridY + n * cell + 6 + columnLabelsH + axis.getHeight() + 8 + MARGIN;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(ImageGrid.INK);
        g.setFont(ImageGrid.TITLE);
        g.drawString(title, MARGIN, MARGIN + titleM.getAscent());
        g.setFont(ImageGrid.SUBTITLE);
        g.setColor(ImageGrid.MUTED);
        g.drawString(subtitle, MARGIN, MARGIN + titleM.getHeight() + 4 + subM.getAscent());

        for (int t = 0; t < n; t++) {
            int rowTotal = 0;
            for (int p = 0; p < n; p++) {
                int c = counts[t][p];
                rowTotal += c;
                double f = (double) c / max;
                Color fill = blend(LOW, HIGH, f);
                int x = gridX + p * cell;
                int y = gridY + t * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                String s = Integer.toString(c);
                g.setFont(COUNT);
                g.setColor(c == 0 ? new Color(0xB0, 0xB0, 0xB0) : f > 0.45 ? Color.WHITE : ImageGrid.INK);
                g.drawString(s, x + (cell - countM.stringWidth(s)) / 2,
                        y + (cell - countM.getHeight()) / 2 + countM.getAscent());
            }
            g.setFont(LABEL);
            g.setColor(ImageGrid.INK);
            String name = classes.get(t);
            int ly = gridY + t * cell + (cell - label.getHeight()) / 2 + label.getAscent();
            g.drawString(name, gridX - 8 - label.stringWidth(name), ly);
            g.setColor(ImageGrid.MUTED);
            g.drawString("n = " + rowTotal, gridX + n * cell + 10, ly);
        }
        g.setColor(new Color(0x99, 0x99, 0x99));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(gridX, gridY, n * cell, n * cell);

        g.setFont(LABEL);
        g.setColor(ImageGrid.INK);
        int labelsTop = gridY + n * cell + 6;
        for (int p = 0; p < n; p++) {
            String name = classes.get(p);
            int cx = gridX + p * cell + cell / 2;
            if (!slanted) {
                g.drawString(name, cx - label.stringWidth(name) / 2, labelsTop + label.getAscent());
            } else {
                AffineTransform saved = g.getTransform();
                g.translate(cx + label.getAscent() / 3.0, labelsTop + 4);
                g.rotate(Math.toRadians(-45));
                g.drawString(name, -label.stringWidth(name), 0);
                g.setTransform(saved);
            }
        }
        g.setFont(AXIS);
        String xTitle = "predicted class";
        g.drawString(xTitle, gridX + (n * cell - axis.stringWidth(xTitle)) / 2,
                labelsTop + columnLabelsH + 4 + axis.getAscent());
        String yTitle = "true class";
        AffineTransform saved = g.getTransform();
        g.translate(MARGIN + axis.getAscent(), gridY + (n * cell + axis.stringWidth(yTitle)) / 2.0);
        g.rotate(Math.toRadians(-90));
        g.drawString(yTitle, 0, 0);
        g.setTransform(saved);
        g.dispose();
        return img;
    }

    private static Color blend(Color a, Color b, double f) {
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
