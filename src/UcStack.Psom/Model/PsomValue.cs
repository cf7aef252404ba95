using System.Globalization;

namespace UcStack.Psom;

/// <summary>
/// One property value of a shared object: null, boolean, 64-bit integer, finite double, text or bytes.
/// Values are immutable; byte values are copied in and never exposed for mutation.
/// </summary>
public readonly struct PsomValue : IEquatable<PsomValue>
{
    private readonly long _integer;
    private readonly object? _reference;

    private PsomValue(PsomValueKind kind, long integer, object? reference)
    {
        Kind = kind;
        _integer = integer;
        _reference = reference;
    }

    /// <summary>The null value (removes a property when used in an update).</summary>
    public static PsomValue Null => default;

    /// <summary>What this value holds.</summary>
    public PsomValueKind Kind { get; }

    /// <summary><see langword="true"/> for <see cref="PsomValueKind.Null"/>.</summary>
    public bool IsNull => Kind == PsomValueKind.Null;

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static PsomValue FromBoolean(bool value) => new(PsomValueKind.Boolean, value ? 1 : 0, null);

    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static PsomValue FromInteger(long value) => new(PsomValueKind.Integer, value, null);

    /// <summary>Creates a double value.</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite (they have no single encoding).</exception>
    public static PsomValue FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Psom doubles must be finite.");
        }

        return new(PsomValueKind.Double, BitConverter.DoubleToInt64Bits(value), null);
    }

    /// <summary>Creates a text value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static PsomValue FromText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(PsomValueKind.Text, 0, value);
    }

    /// <summary>Creates a bytes value from a copy of <paramref name="value"/>.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The value.</returns>
    public static PsomValue FromBytes(ReadOnlySpan<byte> value) => new(PsomValueKind.Bytes, 0, value.ToArray());

    /// <summary>Wraps an array the caller hands over and will not modify again.</summary>
    internal static PsomValue FromOwnedBytes(byte[] value) => new(PsomValueKind.Bytes, 0, value);

    /// <summary>Converts a string to a text value.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator PsomValue(string value) => FromText(value);

    /// <summary>Converts an integer to an integer value.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator PsomValue(long value) => FromInteger(value);

    /// <summary>Converts a boolean to a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    public static implicit operator PsomValue(bool value) => FromBoolean(value);

    /// <summary>The boolean held.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Kind == PsomValueKind.Boolean ? _integer != 0 : throw WrongKind(PsomValueKind.Boolean);

    /// <summary>The integer held.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer.</exception>
    public long AsInteger() => Kind == PsomValueKind.Integer ? _integer : throw WrongKind(PsomValueKind.Integer);

    /// <summary>The double held.</summary>
    /// <exception cref="InvalidOperationException">The value is not a double.</exception>
    public double AsDouble() => Kind == PsomValueKind.Double ? BitConverter.Int64BitsToDouble(_integer) : throw WrongKind(PsomValueKind.Double);

    /// <summary>The text held.</summary>
    /// <exception cref="InvalidOperationException">The value is not text.</exception>
    public string AsText() => Kind == PsomValueKind.Text ? (string)_reference! : throw WrongKind(PsomValueKind.Text);

    /// <summary>The bytes held (read-only view).</summary>
    /// <exception cref="InvalidOperationException">The value is not bytes.</exception>
    public ReadOnlyMemory<byte> AsBytes() => Kind == PsomValueKind.Bytes ? (byte[])_reference! : throw WrongKind(PsomValueKind.Bytes);

    /// <summary>Encoded size estimate used for limits (payload bytes of text/bytes, 9 otherwise).</summary>
    internal int ApproximateSize => Kind switch
    {
        PsomValueKind.Text => ((string)_reference!).Length * 3,
        PsomValueKind.Bytes => ((byte[])_reference!).Length,
        _ => 9,
    };

    /// <inheritdoc/>
    public bool Equals(PsomValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            PsomValueKind.Text => string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal),
            PsomValueKind.Bytes => ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!),
            _ => _integer == other._integer,
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PsomValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind switch
    {
        PsomValueKind.Text => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode((string)_reference!)),
        PsomValueKind.Bytes => HashCode.Combine(Kind, ((byte[])_reference!).Length),
        _ => HashCode.Combine(Kind, _integer),
    };

    /// <summary>Equality.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PsomValue left, PsomValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PsomValue left, PsomValue right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        PsomValueKind.Null => "null",
        PsomValueKind.Boolean => _integer != 0 ? "true" : "false",
        PsomValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        PsomValueKind.Double => AsDouble().ToString("R", CultureInfo.InvariantCulture),
        PsomValueKind.Text => "\"" + (string)_reference! + "\"",
        _ => "h'" + Convert.ToHexString((byte[])_reference!) + "'",
    };

    private InvalidOperationException WrongKind(PsomValueKind wanted) =>
        new($"The Psom value is {Kind}, not {wanted}.");
}
