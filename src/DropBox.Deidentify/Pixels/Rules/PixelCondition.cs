using System.Text;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// A condition on a file's header values: tests joined by or (<c>+</c>), and (<c>*</c>) and not (<c>!</c>), binding
/// in that order from loosest to tightest as in CTP. <see cref="ToString"/> writes it back in the rules language with
/// only the parentheses the precedence needs.
/// </summary>
internal abstract class PixelCondition
{
    /// <summary>Binding strength when written: or 1, and 2, not and terms 3.</summary>
    protected abstract int Precedence { get; }

    public abstract bool Evaluate(HeaderValues header);

    public abstract void Write(StringBuilder text);

    public override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    protected void WriteOperand(StringBuilder text, PixelCondition operand)
    {
        var parenthesise = operand.Precedence < Precedence;
        text.Append(parenthesise ? "(" : "");
        operand.Write(text);
        text.Append(parenthesise ? ")" : "");
    }
}

/// <summary>
/// Terms joined by or (<c>+</c>) or by and (<c>*</c>), kept as one list rather than nested pairs, so a long chain
/// is walked in a loop, never by recursion as deep as the chain is long.
/// </summary>
internal sealed class ChainCondition(IReadOnlyList<PixelCondition> operands, bool isAnd) : PixelCondition
{
    protected override int Precedence => isAnd ? 2 : 1;

    public override bool Evaluate(HeaderValues header) =>
        isAnd ? operands.All(o => o.Evaluate(header)) : operands.Any(o => o.Evaluate(header));

    public override void Write(StringBuilder text)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            text.Append(i == 0 ? "" : isAnd ? " * " : " + ");
            WriteOperand(text, operands[i]);
        }
    }
}

internal sealed class NotCondition(PixelCondition operand) : PixelCondition
{
    protected override int Precedence => 3;

    public override bool Evaluate(HeaderValues header) => !operand.Evaluate(header);

    public override void Write(StringBuilder text)
    {
        text.Append('!');
        WriteOperand(text, operand);
    }
}

/// <summary>CTP's reserved words <c>true.</c> and <c>false.</c>.</summary>
internal sealed class ConstantCondition(bool value) : PixelCondition
{
    protected override int Precedence => 3;

    public override bool Evaluate(HeaderValues header) => value;

    public override void Write(StringBuilder text) => text.Append(value ? "true." : "false.");
}
