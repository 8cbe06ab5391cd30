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

internal sealed class AnyOfCondition(PixelCondition left, PixelCondition right) : PixelCondition
{
    protected override int Precedence => 1;

    public override bool Evaluate(HeaderValues header) => left.Evaluate(header) || right.Evaluate(header);

    public override void Write(StringBuilder text)
    {
        WriteOperand(text, left);
        text.Append(" + ");
        WriteOperand(text, right);
    }
}

internal sealed class AllOfCondition(PixelCondition left, PixelCondition right) : PixelCondition
{
    protected override int Precedence => 2;

    public override bool Evaluate(HeaderValues header) => left.Evaluate(header) && right.Evaluate(header);

    public override void Write(StringBuilder text)
    {
        WriteOperand(text, left);
        text.Append(" * ");
        WriteOperand(text, right);
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
