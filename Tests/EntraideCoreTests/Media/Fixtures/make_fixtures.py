"""Regenerates the image fixtures of the Media tests (run from this folder).

Needs Pillow. Most images are the same 80×56 picture of four flat colour blocks, so the tests
can check decoded pixels against known colours; PNG layouts Pillow cannot write (16-bit RGB,
Adam7, chosen filters, low bit depths, given zlib strategies) come from the tiny writer below.
"""
import io, random, struct, zlib
from PIL import Image

W, H = 80, 56
RED, GREEN, BLUE, YELLOW = (220, 40, 40), (40, 180, 60), (40, 60, 200), (240, 220, 50)
CORNER = (250, 0, 200)  # marks the stored top-left of the oriented image
GPS_SECRET = "ENTRAIDE-GPS-SECRET"


def blocks():
    im = Image.new("RGB", (W, H))
    px = im.load()
    for y in range(H):
        for x in range(W):
            px[x, y] = (RED if x < 40 else GREEN) if y < 28 else (BLUE if x < 40 else YELLOW)
    return im


def detail():
    """A smooth gradient with noise and edges: exercises every coefficient."""
    rnd = random.Random(7)
    im = Image.new("RGB", (96, 64))
    px = im.load()
    for y in range(64):
        for x in range(96):
            n = rnd.randint(-40, 40)
            edge = 90 if (x // 12 + y // 12) % 2 else 0
            px[x, y] = (max(0, min(255, x * 2 + n + edge)), max(0, min(255, y * 3 - n)), max(0, min(255, 200 - x - edge + n // 2)))
    return im


def save(im, name, **kw):
    im.save(name, **kw)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png(name, width, height, depth, colour, rows_of_samples, *, palette=None, trns=None,
              interlace=False, filters=None, level=6, strategy=zlib.Z_DEFAULT_STRATEGY):
    """rows_of_samples(x0, y0, xs, ys, w, h) -> list of rows, each a list of samples."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    bpp = max(1, depth * channels // 8)

    def pack(row):
        if depth == 16:
            return b"".join(struct.pack(">H", s) for s in row)
        if depth == 8:
            return bytes(row)
        out, acc, bits = bytearray(), 0, 0
        for s in row:
            acc = acc << depth | s
            bits += depth
            if bits == 8:
                out.append(acc); acc = bits = 0
        if bits:
            out.append(acc << (8 - bits))
        return bytes(out)

    def filt(kind, row, prev):
        out = bytearray()
        for i, b in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            up = prev[i] if prev else 0
            c = prev[i - bpp] if prev and i >= bpp else 0
            if kind == 0: p = 0
            elif kind == 1: p = a
            elif kind == 2: p = up
            elif kind == 3: p = (a + up) // 2
            else:
                pa, pb, pc = abs(up - c), abs(a - c), abs(a + up - 2 * c)
                p = a if pa <= pb and pa <= pc else (up if pb <= pc else c)
            out.append((b - p) & 0xFF)
        return bytes([kind]) + bytes(out)

    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] if interlace else [(0, 0, 1, 1)]
    raw, n = bytearray(), 0
    for x0, y0, xs, ys in passes:
        pw = (width - x0 + xs - 1) // xs if width > x0 else 0
        ph = (height - y0 + ys - 1) // ys if height > y0 else 0
        if pw == 0 or ph == 0:
            continue
        prev = None
        for row in rows_of_samples(x0, y0, xs, ys, pw, ph):
            packed = pack(row)
            raw += filt(filters[n % len(filters)] if filters else 0, packed, prev)
            prev, n = packed, n + 1
    comp = zlib.compressobj(level, zlib.DEFLATED, 15, 9, strategy)
    data = comp.compress(bytes(raw)) + comp.flush()
    png = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 1 if interlace else 0))
    if palette:
        png += png_chunk(b"PLTE", bytes(c for rgb in palette for c in rgb))
    if trns is not None:
        png += png_chunk(b"tRNS", trns)
    png += png_chunk(b"tEXt", b"Comment\x00" + GPS_SECRET.encode())
    png += png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    open(name, "wb").write(png)


def sampler(fn):
    return lambda x0, y0, xs, ys, pw, ph: [[s for i in range(pw) for s in fn(x0 + i * xs, y0 + j * ys)] for j in range(ph)]


def block_colour(x, y):
    return (RED if x < 40 else GREEN) if y < 28 else (BLUE if x < 40 else YELLOW)


def main():
    b = blocks()
    save(b, "blocks-420.jpg", quality=95, subsampling=2)
    save(b, "blocks-422.jpg", quality=95, subsampling=1)
    save(b, "blocks-444.jpg", quality=95, subsampling=0)
    save(b.convert("L"), "blocks-grey.jpg", quality=95)
    save(b, "blocks-progressive.jpg", quality=95, subsampling=2, progressive=True)
    save(b, "blocks-restart.jpg", quality=95, subsampling=2, restart_marker_blocks=1)

    d = detail()
    for name, kw in [("detail-444.jpg", dict(quality=90, subsampling=0)),
                     ("detail-progressive.jpg", dict(quality=90, subsampling=0, progressive=True)),
                     ("detail-progressive-restart.jpg", dict(quality=90, subsampling=0, progressive=True, restart_marker_rows=1))]:
        save(d, name, **kw)
    # What libjpeg decodes (the same for the three: they hold the same quantised coefficients,
    # only ordered differently): the reference the Swift decoder is held to.
    Image.open("detail-444.jpg").convert("RGB").save("detail.reference.png")

    # Orientation 6 (turn 90° clockwise) and a GPS block that must never come out again.
    o = b.copy()
    for y in range(8):
        for x in range(8):
            o.putpixel((x, y), CORNER)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "EntraideCam"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"; gps[2] = (48.0, 51.0, 24.0); gps[3] = "E"; gps[4] = (2.0, 21.0, 7.0)
    gps[0x12] = GPS_SECRET  # GPSMapDatum, an ASCII field easy to search for
    save(o, "orientation-6-gps.jpg", quality=95, exif=exif.tobytes())

    # PNGs
    save(b, "blocks-rgb.png")
    rgba = b.convert("RGBA")
    px = rgba.load()
    for y in range(H):
        for x in range(W):
            r, g, bb, _ = px[x, y]
            px[x, y] = (r, g, bb, 0 if (x >= 40 and y >= 28) else (128 if (x >= 40 and y < 28) else 255))
    save(rgba, "blocks-rgba.png")
    save(b.quantize(colors=4, method=Image.Quantize.MEDIANCUT), "blocks-palette.png")
    save(b.convert("L"), "blocks-grey.png")

    everyfilter = [0, 1, 2, 3, 4]
    g = b.convert("L")
    write_png("blocks-rgb16-filters.png", W, H, 16, 2, sampler(lambda x, y: [c * 257 for c in block_colour(x, y)]), filters=everyfilter)
    write_png("blocks-rgba-adam7.png", W, H, 8, 6, sampler(lambda x, y: list(block_colour(x, y)) + [255]), interlace=True, filters=everyfilter)
    write_png("blocks-grey16.png", W, H, 16, 0, sampler(lambda x, y: [g.getpixel((x, y)) * 257]), filters=everyfilter)
    write_png("blocks-grey2-adam7.png", W, H, 2, 0, sampler(lambda x, y: [(0 if x < 40 else 1) + (0 if y < 28 else 2)]), interlace=True, filters=everyfilter)
    pal = [RED, GREEN, BLUE, YELLOW]
    write_png("blocks-palette4-trns.png", W, H, 4, 3, sampler(lambda x, y: [pal.index(block_colour(x, y))]),
              palette=pal, trns=bytes([255, 255, 0]), filters=everyfilter)
    write_png("blocks-rgb-stored.png", W, H, 8, 2, sampler(lambda x, y: list(block_colour(x, y))), level=0)
    write_png("blocks-rgb-fixed.png", W, H, 8, 2, sampler(lambda x, y: list(block_colour(x, y))), strategy=zlib.Z_FIXED, filters=everyfilter)
    write_png("blocks-rgb-trns.png", W, H, 8, 2, sampler(lambda x, y: list(block_colour(x, y))), trns=struct.pack(">HHH", *YELLOW))

    open("not-an-image.txt", "w").write("Ceci n'est pas une photo.\n")

    # zlib streams of a known text (the tests rebuild it), one per kind of DEFLATE block.
    text = "".join(f"Entraide {i % 97} " for i in range(300)).encode()
    for name, level, strategy in [("stored", 0, zlib.Z_DEFAULT_STRATEGY), ("fixed", 9, zlib.Z_FIXED), ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY)]:
        comp = zlib.compressobj(level, zlib.DEFLATED, 15, 9, strategy)
        open(f"text-{name}.zlib", "wb").write(comp.compress(text) + comp.flush())


if __name__ == "__main__":
    main()
