using Xunit;

namespace DropBox.Testing;

/// <summary>A Fact that is skipped when ../shared/dicom-corpus is missing, or any listed program is missing
/// (outside CI). <c>[CorpusFact("dcmdump")]</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = SkipReasons.ForCorpusAndTools(tools);
    }

    public IReadOnlyList<string> Tools { get; }
}

/// <summary>A Theory that is skipped when ../shared/dicom-corpus is missing, or any listed program is missing
/// (outside CI). Member data must cope with a missing corpus (return no rows / a placeholder row).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = SkipReasons.ForCorpusAndTools(tools);
    }

    public IReadOnlyList<string> Tools { get; }
}

/// <summary>A Fact that is skipped when a program it needs is missing, unless CI=true (then it runs and fails).
/// <c>[ToolFact("gpg")]</c>, <c>[ToolFact("dcmdump", "pydicom")]</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = SkipReasons.ForTools(tools);
    }

    public IReadOnlyList<string> Tools { get; }
}

/// <summary>The Theory form of <see cref="ToolFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools)
    {
        Tools = tools;
        Skip = SkipReasons.ForTools(tools);
    }

    public IReadOnlyList<string> Tools { get; }
}

/// <summary>A Fact that is skipped when ../shared/dicom (the standard's tables the generator reads) is missing.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DicomTablesFactAttribute : FactAttribute
{
    public DicomTablesFactAttribute()
    {
        if (RepoPaths.DicomTables is null)
        {
            Skip = "../shared/dicom (the DICOM standard tables) not found beside the repo: the generated tables cannot be re-checked";
        }
    }
}
