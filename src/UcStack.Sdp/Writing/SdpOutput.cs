using System.Text;

namespace UcStack.Sdp;

/// <summary>
/// Destination of the writer: either counts bytes (when <see cref="Counting"/>) or copies them into a span,
/// remembering when the span was too small instead of throwing.
/// </summary>
internal ref struct SdpOutput
{
    private readonly Span<byte> _destination;

    public SdpOutput(Span<byte> destination, bool counting)
    {
        _destination = destination;
        Counting = counting;
    }

    public readonly bool Counting { get; }

    public int Length { get; private set; }

    public bool Overflow { get; private set; }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (!Counting && !Overflow)
        {
            if (!bytes.TryCopyTo(_destination[Length..]))
            {
                Overflow = true;
                return;
            }
        }

        Length += bytes.Length;
    }

    public void Write(byte value)
    {
        if (!Counting && !Overflow)
        {
            if (Length >= _destination.Length)
            {
                Overflow = true;
                return;
            }

            _destination[Length] = value;
        }

        Length++;
    }

    public void Write(string text)
    {
        if (Counting)
        {
            Length += Encoding.UTF8.GetByteCount(text);
            return;
        }

        if (Overflow)
        {
            return;
        }

        if (!Encoding.UTF8.TryGetBytes(text, _destination[Length..], out var written))
        {
            Overflow = true;
            return;
        }

        Length += written;
    }

    public void Write(ulong number)
    {
        Span<byte> digits = stackalloc byte[20];
        number.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Write(digits[..written]);
    }

    public void Write(int number) => Write((ulong)number);

    public void EndLine()
    {
        Write((byte)'\r');
        Write((byte)'\n');
    }

    public void Line(byte type, string value)
    {
        Write(type);
        Write((byte)'=');
        Write(value);
        EndLine();
    }
}
