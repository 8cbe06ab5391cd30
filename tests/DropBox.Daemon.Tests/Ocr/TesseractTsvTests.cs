using DropBox.Daemon.Ocr;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Daemon.Tests.Ocr;

public sealed class TesseractTsvTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    [Fact]
    public void Words_come_back_with_their_boxes_divided_by_the_scale_and_rounded_outward()
    {
        var tsv = Header + "\n"
            + "1\t1\t0\t0\t0\t0\t0\t0\t1280\t960\t-1\t\n"
            + "4\t1\t1\t1\t1\t0\t21\t17\t300\t26\t-1\t\n"
            + "5\t1\t1\t1\t1\t1\t21\t17\t135\t25\t91.5\tQUIMBY,\n"
            + "5\t1\t1\t1\t1\t2\t170\t18\t149\t26\t88.2\tMARJORIE\n"
            + "5\t1\t2\t1\t1\t1\t900\t900\t20\t20\t95\t \n";

        var words = TesseractTsv.ParseWords(tsv, scale: 2, frameWidth: 640, frameHeight: 480);

        Assert.Equal(
            [
                new FoundText(new PixelRegion(10, 8, 68, 13), "QUIMBY,", 92),
                new FoundText(new PixelRegion(85, 9, 75, 13), "MARJORIE", 88),
            ],
            words);
    }

    [Fact]
    public void A_box_past_the_frame_is_clipped_to_it()
    {
        var tsv = Header + "\n5\t1\t1\t1\t1\t1\t630\t470\t30\t30\t90\tedge\n";

        var word = Assert.Single(TesseractTsv.ParseWords(tsv, scale: 1, frameWidth: 640, frameHeight: 480));

        Assert.Equal(new PixelRegion(630, 470, 10, 10), word.Box);
    }

    [Fact]
    public void A_table_with_only_its_header_has_no_words() =>
        Assert.Empty(TesseractTsv.ParseWords(Header + "\n", 1, 640, 480));

    [Theory]
    [InlineData("")]
    [InlineData("Estimating resolution as 122\n")]
    [InlineData(Header + "\n5\t1\t1\t1\t1\t1\t10\t10\t20\tword\n")]
    [InlineData(Header + "\n5\t1\t1\t1\t1\t1\tten\t10\t20\t20\t90\tword\n")]
    [InlineData(Header + "\n5\t1\t1\t1\t1\t1\t10\t10\t20\t20\thigh\tword\n")]
    public void Output_that_is_not_tesseracts_word_table_is_an_error_not_an_empty_frame(string output) =>
        Assert.Throws<FormatException>(() => TesseractTsv.ParseWords(output, 1, 640, 480));
}
