using System.Buffers.Binary;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Pixels.Rules;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>Datasets built in the test from keyword/value pairs (invented values), and short ways to parse and match rules.</summary>
internal static class RuleHeaders
{
    /// <summary>
    /// A dataset with each keyword set to its value in the dictionary's VR: strings as text ("DERIVED\SECONDARY" is
    /// two values), US/UL/SS/FD… as binary numbers, little-endian unless <paramref name="bigEndian"/>.
    /// </summary>
    public static DicomDataset Header(params (string Keyword, string Value)[] values) => Header(false, values);

    public static DicomDataset Header(bool bigEndian, params (string Keyword, string Value)[] values)
    {
        var dataset = new DicomDataset();
        foreach (var (keyword, value) in values)
        {
            Assert.True(DicomDictionary.TryGetByKeyword(keyword, out var entry), keyword);
            Set(dataset, entry.Tag, entry.VR, value, bigEndian);
        }
        return dataset;
    }

    public static void Set(DicomDataset dataset, DicomTag tag, DicomVR vr, string value, bool bigEndian = false)
    {
        if (vr == DicomVR.US)
        {
            var bytes = value.Split('\\').SelectMany(v =>
            {
                var b = new byte[2];
                if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, ushort.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
                else BinaryPrimitives.WriteUInt16LittleEndian(b, ushort.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
                return b;
            }).ToArray();
            dataset.SetBytes(tag, vr, bytes);
        }
        else if (vr == DicomVR.UL)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, uint.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            dataset.SetBytes(tag, vr, b);
        }
        else
        {
            dataset.SetString(tag, vr, value);
        }
    }

    /// <summary>Parses, failing the test with every error when there is one.</summary>
    public static PixelRuleSet ParseRules(string text, string source = "test.rules")
    {
        var result = PixelRuleSet.Parse(text, source);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Rules!;
    }

    /// <summary>Whether a one-rule file with this condition matches the dataset.</summary>
    public static bool Matches(string condition, DicomDataset dataset) =>
        ParseRules($"test\n{{ {condition} }}\n(0,0,1,1)\n").Match(dataset).Regions.Count == 1;

    public static PixelRegion Region(int x, int y, int width, int height) => new(x, y, width, height);
}
