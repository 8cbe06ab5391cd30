using DropBox.Daemon.Ocr;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Ocr;

/// <summary>How the reader runs tesseract and fails closed, with stand-in programs (no tesseract needed).</summary>
public sealed class TesseractFrameTextReaderTests : IDisposable
{
    private static readonly FrameImage Grey = new(4, 2, 1, [0, 1, 2, 3, 4, 5, 6, 7]);
    private readonly TempDir _temp = new("dropbox-ocr");

    public void Dispose() => _temp.Dispose();

    private string Script(string body)
    {
        var path = _temp.WriteFile("tool.sh", "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Fact]
    public void The_frame_goes_in_on_stdin_as_pgm_with_one_omp_thread_and_no_image_file_is_named()
    {
        var seen = _temp.Combine("seen");
        var program = Script($"""
            cat > {seen}.stdin
            echo "$OMP_THREAD_LIMIT $*" > {seen}.args
            printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\t2\t0\t4\t2\t90\tword\n'
            """);

        var words = OcrFrames.Reader(program, new TesseractSettings { Scale = 1 }).Read(Grey, CancellationToken.None);

        Assert.Equal([new FoundText(new PixelRegion(2, 0, 2, 2), "word", 90)], words);
        Assert.Equal("1 stdin stdout --psm 11 -l eng tsv\n", File.ReadAllText(seen + ".args"));
        Assert.Equal([.. "P5\n4 2\n255\n"u8, 0, 1, 2, 3, 4, 5, 6, 7], File.ReadAllBytes(seen + ".stdin"));
    }

    [Fact]
    public void An_rgb_frame_goes_in_as_ppm_enlarged_by_the_scale()
    {
        var seen = _temp.Combine("seen");
        var program = Script($"cat > {seen}.stdin; printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'");
        var rgb = new FrameImage(2, 1, 3, [255, 0, 0, 0, 0, 255]);

        Assert.Empty(OcrFrames.Reader(program, new TesseractSettings { Scale = 2 }).Read(rgb, CancellationToken.None));

        var image = File.ReadAllBytes(seen + ".stdin");
        Assert.Equal("P6\n4 2\n255\n"u8.ToArray(), image[..11]);
        Assert.Equal(11 + (4 * 2 * 3), image.Length);
        Assert.Equal([255, 0, 0], image[11..14]);    // the left pixel stays red at the left edge
        Assert.Equal([0, 0, 255], image[20..23]);    // the right one blue at the right edge
    }

    [Fact]
    public void A_missing_tesseract_fails_the_read_and_says_how_to_install_it()
    {
        var error = Assert.Throws<FrameTextReadException>(() => OcrFrames.Reader("/nonexistent/tesseract").Read(Grey, CancellationToken.None));

        Assert.Contains("apt-get install tesseract-ocr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tesseract_that_fails_fails_the_read_with_its_exit_code_and_last_error_line()
    {
        var program = Script("cat > /dev/null; echo 'Error opening data file eng.traineddata' >&2; exit 1");

        var error = Assert.Throws<FrameTextReadException>(() => OcrFrames.Reader(program).Read(Grey, CancellationToken.None));

        Assert.Equal("tool.sh exited with code 1: Error opening data file eng.traineddata", error.Message);
    }

    [Fact]
    public void Output_that_is_not_a_word_table_fails_the_read_rather_than_reading_as_no_text()
    {
        var program = Script("cat > /dev/null; echo 'Tesseract Open Source OCR Engine'");

        Assert.Throws<FrameTextReadException>(() => OcrFrames.Reader(program).Read(Grey, CancellationToken.None));
    }

    [Fact]
    public void A_tesseract_past_its_timeout_is_stopped_and_fails_the_read()
    {
        var program = Script("exec sleep 30");

        var error = Assert.Throws<FrameTextReadException>(
            () => OcrFrames.Reader(program, new TesseractSettings { Timeout = TimeSpan.FromMilliseconds(300) }).Read(Grey, CancellationToken.None));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public void Settings_report_every_problem_at_once()
    {
        var errors = new TesseractSettings { PageSegmentationMode = 14, Scale = 0, Timeout = TimeSpan.Zero, Language = "../x" }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Throws<ArgumentException>(() => OcrFrames.Reader(settings: new TesseractSettings { Scale = 5 }));
    }
}
