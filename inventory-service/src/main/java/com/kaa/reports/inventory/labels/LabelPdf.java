package com.kaa.reports.inventory.labels;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.lowagie.text.Document;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Asset labels as PDF: the asset tag large, the device's name and serial number, and a QR code of the device's URL
 * (scanned, it opens the device in the API). One label on a 62 × 29 mm page (thermal label printers), or sheets of
 * A4 with 3 × 7 labels of 63.5 × 38.1 mm (the common L7160 / 21-up layout). The QR code is drawn as vector squares,
 * sharp at any printer resolution, with error correction M (15% of it may be scratched).
 */
final class LabelPdf {

    /** What one label shows. */
    record Label(String assetTag, String name, String serialNumber, String url) {
    }

    private static final float MM = 72f / 25.4f;
    private static final Rectangle SINGLE = new Rectangle(62 * MM, 29 * MM);
    private static final float SHEET_WIDTH = 210 * MM;
    private static final float SHEET_HEIGHT = 297 * MM;
    private static final int COLUMNS = 3;
    private static final int ROWS = 7;
    private static final float LABEL_WIDTH = 63.5f * MM;
    private static final float LABEL_HEIGHT = 38.1f * MM;
    private static final float PITCH_X = 66.0f * MM;
    private static final float LEFT = 7.25f * MM;
    private static final float TOP = 15.15f * MM;
    private static final float PADDING = 2.5f * MM;

    private LabelPdf() {
    }

    static byte[] single(Label label) {
        return write(SINGLE, (canvas, font) -> draw(canvas, font, label, 0, 0, SINGLE.getWidth(), SINGLE.getHeight()), 1);
    }

    /** As many A4 sheets as the labels need, filled row by row. */
    static byte[] sheets(List<Label> labels) {
        Rectangle a4 = new Rectangle(SHEET_WIDTH, SHEET_HEIGHT);
        int perSheet = COLUMNS * ROWS;
        int pages = Math.max(1, (labels.size() + perSheet - 1) / perSheet);
        return write(a4, new Page() {
            int next;

            @Override
            public void draw(PdfContentByte canvas, BaseFont font) {
                for (int slot = 0; slot < perSheet && next < labels.size(); slot++, next++) {
                    float x = LEFT + (slot % COLUMNS) * PITCH_X;
                    float y = SHEET_HEIGHT - TOP - (slot / COLUMNS + 1) * LABEL_HEIGHT;
                    LabelPdf.draw(canvas, font, labels.get(next), x, y, LABEL_WIDTH, LABEL_HEIGHT);
                }
            }
        }, pages);
    }

    private interface Page {
        void draw(PdfContentByte canvas, BaseFont font);
    }

    private static byte[] write(Rectangle size, Page page, int pages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(size, 0, 0, 0, 0);
        PdfWriter writer = PdfWriter.getInstance(document, out);
        document.addTitle("Asset labels");
        document.addCreator("Kaa Reports inventory-service");
        document.open();
        BaseFont font = helvetica();
        for (int p = 0; p < pages; p++) {
            if (p > 0) {
                document.newPage();
            }
            page.draw(writer.getDirectContent(), font);
        }
        document.close();
        return out.toByteArray();
    }

    /** QR code on the left, as tall as the label allows; text on the right, cut to its width. */
    private static void draw(PdfContentByte canvas, BaseFont font, Label label, float x, float y, float width, float height) {
        float qrSize = height - 2 * PADDING;
        qr(canvas, label.url(), x + PADDING, y + PADDING, qrSize);
        float textX = x + 2 * PADDING + qrSize;
        float textWidth = width - (textX - x) - PADDING;
        float line = y + height - PADDING;
        line = text(canvas, font, label.assetTag() == null ? "NO ASSET TAG" : label.assetTag(), 11, textX, line, textWidth);
        line = text(canvas, font, label.name() == null ? "" : label.name(), 7, textX, line - 1.5f * MM, textWidth);
        if (label.serialNumber() != null) {
            text(canvas, font, "S/N " + label.serialNumber(), 6, textX, line - 1 * MM, textWidth);
        }
    }

    /** One line from the top at {@code top}; returns the baseline, from which the next line goes down. */
    private static float text(PdfContentByte canvas, BaseFont font, String text, float size, float x, float top, float width) {
        String fitted = fit(font, text, size, width);
        float baseline = top - size;
        canvas.beginText();
        canvas.setFontAndSize(font, size);
        canvas.showTextAligned(PdfContentByte.ALIGN_LEFT, fitted, x, baseline, 0);
        canvas.endText();
        return baseline;
    }

    private static String fit(BaseFont font, String text, float size, float width) {
        if (font.getWidthPoint(text, size) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && font.getWidthPoint(cut + "...", size) > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    private static void qr(PdfContentByte canvas, String content, float x, float y, float size) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 0, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalStateException("a device URL did not fit a QR code", e);
        }
        float module = size / matrix.getWidth();
        canvas.setRGBColorFill(0, 0, 0);
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int column = 0; column < matrix.getWidth(); column++) {
                if (matrix.get(column, row)) {
                    canvas.rectangle(x + column * module, y + size - (row + 1) * module, module, module);
                }
            }
        }
        canvas.fill();
    }

    private static BaseFont helvetica() {
        try {
            return BaseFont.createFont(BaseFont.HELVETICA, BaseFont.WINANSI, BaseFont.NOT_EMBEDDED);
        } catch (IOException e) {
            throw new IllegalStateException("OpenPDF's built-in Helvetica is missing", e);
        }
    }
}
