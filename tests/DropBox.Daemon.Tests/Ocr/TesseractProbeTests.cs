using DropBox.Daemon.Ocr;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Ocr;

public sealed class TesseractProbeTests
{
    [ToolFact("tesseract")]
    public async Task The_installed_tesseract_with_english_data_has_no_problem() =>
        Assert.Null(await TesseractProbe.ProblemAsync(null, "eng", TimeProvider.System, CancellationToken.None));

    [ToolFact("tesseract")]
    public async Task A_language_without_data_is_named_with_the_package_to_install() =>
        Assert.Equal("tesseract has no 'xyz' language data: install tesseract-ocr-xyz",
            await TesseractProbe.ProblemAsync(null, "eng+xyz", TimeProvider.System, CancellationToken.None));

    [Fact]
    public async Task A_missing_tesseract_is_a_problem_that_says_how_to_install_it()
    {
        var problem = await TesseractProbe.ProblemAsync("/nonexistent/tesseract", "eng", TimeProvider.System, CancellationToken.None);

        Assert.EndsWith("install tesseract (apt-get install tesseract-ocr) or set Deidentify:OcrPath", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_is_not_tesseract_is_a_problem() =>
        Assert.NotNull(await TesseractProbe.ProblemAsync("/bin/false", "eng", TimeProvider.System, CancellationToken.None));
}
