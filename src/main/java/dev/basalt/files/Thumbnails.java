package dev.basalt.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Thumbnails of png, jpeg, gif and webp images, generated on first request and stored next to the
 * original ({@code thumbs_<name>/<size>_<name>}). Sizes: {@code WxH} (cover, centre crop),
 * {@code WxHt} / {@code WxHb} (top / bottom crop), {@code WxHf} (fit inside, never enlarged),
 * {@code 0xH} / {@code Wx0} (keep the aspect ratio). Output is JPEG for JPEG, GIF for GIF
 * (first frame), PNG for everything else, as PocketBase does.
 *
 * <p>Images over {@link #MAX_PIXELS} pixels are refused before decoding (pixel floods); at most
 * CPUs + 2 thumbnails are generated at once, and concurrent requests for one thumbnail share the
 * work.
 */
public final class Thumbnails {
    public static final Pattern SIZE = Pattern.compile("^(\\d+)x(\\d+)(t|b|f)?$");
    /** Largest source image (width × height) that is decoded. */
    public static final long MAX_PIXELS = 40_000_000L;
    private static final int MAX_SIDE = 10_000;

    private final Semaphore workers = new Semaphore(Runtime.getRuntime().availableProcessors() + 2);
    private final ConcurrentHashMap<String, Object> inFlight = new ConcurrentHashMap<>();

    /** Thrown when a thumbnail cannot be made; the caller serves the original. */
    public static final class ThumbException extends Exception {
        private static final long serialVersionUID = 1L;

        ThumbException(String message) {
            super(message);
        }
    }

    /** Creates the thumbnail at {@code thumbKey} unless it exists already; returns its content type. */
    public String ensure(Storage storage, String originalKey, String originalType, String thumbKey, String size)
            throws ThumbException {
        Object lock = inFlight.computeIfAbsent(thumbKey, k -> new Object());
        try {
            synchronized (lock) {
                var existing = storage.stat(thumbKey);
                if (existing.isPresent()) {
                    return existing.get().contentType();
                }
                if (!workers.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new ThumbException("too many thumbnails being generated");
                }
                try {
                    byte[] thumb;
                    String type = outputType(originalType);
                    try (InputStream in = storage.open(originalKey, 0, -1)) {
                        thumb = render(in, size, type);
                    }
                    storage.put(thumbKey, thumb, type, "");
                    return type;
                } finally {
                    workers.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThumbException("interrupted");
        } catch (IOException | RuntimeException e) {
            throw new ThumbException(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            inFlight.remove(thumbKey, lock);
        }
    }

    static String outputType(String originalType) {
        return switch (ContentTypes.base(originalType)) {
            case "image/jpeg", "image/jpg" -> "image/jpeg";
            case "image/gif" -> "image/gif";
            default -> "image/png";
        };
    }

    /** Renders a thumbnail of the image in {@code in}. */
    public static byte[] render(InputStream in, String size, String outputType) throws IOException, ThumbException {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new ThumbException("thumb size must be in WxH, WxHt, WxHb or WxHf format");
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        String mode = m.group(3) == null ? "" : m.group(3);
        if (w == 0 && h == 0) {
            throw new ThumbException("thumb width and height cannot be zero at the same time");
        }
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw new ThumbException("thumb size too large");
        }
        BufferedImage source = decode(in);
        BufferedImage out;
        if (w == 0 || h == 0) {
            int tw = w == 0 ? Math.max(1, (int) Math.round((double) source.getWidth() * h / source.getHeight())) : w;
            int th = h == 0 ? Math.max(1, (int) Math.round((double) source.getHeight() * w / source.getWidth())) : h;
            out = scale(source, 0, 0, source.getWidth(), source.getHeight(), tw, th);
        } else if (mode.equals("f")) {
            double ratio = Math.min(1.0, Math.min((double) w / source.getWidth(), (double) h / source.getHeight()));
            int tw = Math.max(1, (int) Math.round(source.getWidth() * ratio));
            int th = Math.max(1, (int) Math.round(source.getHeight() * ratio));
            out = scale(source, 0, 0, source.getWidth(), source.getHeight(), tw, th);
        } else {
            // cover: scale so both sides fill the box, then crop
            double scale = Math.max((double) w / source.getWidth(), (double) h / source.getHeight());
            int cropW = Math.min(source.getWidth(), (int) Math.round(w / scale));
            int cropH = Math.min(source.getHeight(), (int) Math.round(h / scale));
            int x = (source.getWidth() - cropW) / 2;
            int y = switch (mode) {
                case "t" -> 0;
                case "b" -> source.getHeight() - cropH;
                default -> (source.getHeight() - cropH) / 2;
            };
            out = scale(source, x, y, cropW, cropH, w, h);
        }
        return encode(out, outputType);
    }

    private static BufferedImage decode(InputStream in) throws IOException, ThumbException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                throw new ThumbException("unsupported image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ThumbException("unsupported image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new ThumbException("image too large to make a thumbnail (" + pixels + " pixels)");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage scale(BufferedImage src, int x, int y, int w, int h, int tw, int th) {
        boolean alpha = src.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(tw, th, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, tw, th, x, y, x + w, y + h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] encode(BufferedImage image, String type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        switch (type) {
            case "image/jpeg" -> {
                BufferedImage rgb = image;
                if (image.getColorModel().hasAlpha()) {
                    rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = rgb.createGraphics();
                    g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
                    g.dispose();
                }
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.95f);
                try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(rgb, null, null), param);
                } finally {
                    writer.dispose();
                }
            }
            case "image/gif" -> ImageIO.write(image, "gif", bytes);
            default -> ImageIO.write(image, "png", bytes);
        }
        return bytes.toByteArray();
    }
}
