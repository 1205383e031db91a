package io.iwpspark.jobs.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One paper-style line chart, written as PNG and SVG. */
final class TradeoffChart {
    private TradeoffChart() {}

    static XYChart build(String title, String xLabel, String yLabel, Map<String, List<PlotJob.Point>> curves,
            Double reference) {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(true);
        styler.setPlotGridVerticalLinesVisible(true);
        styler.setMarkerSize(7);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<PlotJob.Point>> e : curves.entrySet()) {
            List<PlotJob.Point> pts = e.getValue().stream().sorted(Comparator.comparingDouble(PlotJob.Point::x)).toList();
            double[] x = pts.stream().mapToDouble(PlotJob.Point::x).toArray();
            double[] y = pts.stream().mapToDouble(PlotJob.Point::y).toArray();
            chart.addSeries(e.getKey(), x, y);
            for (double v : x) {
                minX = Math.min(minX, v);
                maxX = Math.max(maxX, v);
            }
        }
        if (reference != null && minX <= maxX) {
            XYSeries ref = chart.addSeries("unpruned", new double[] {minX, maxX},
                    new double[] {reference, reference});
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineColor(Color.GRAY);
            ref.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        if (curves.isEmpty()) {
            chart.addSeries("no configurations", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /** Writes {@code base}.png and {@code base}.svg (SVG text is drawn as outlines). */
    static List<Path> write(XYChart chart, Path base) throws IOException {
        Path png = Path.of(base + ".png");
        Path svg = Path.of(base + ".svg");
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(png, svg);
    }
}
