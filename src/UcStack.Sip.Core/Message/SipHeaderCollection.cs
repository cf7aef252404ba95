using System.Collections;

namespace UcStack.Sip;

/// <summary>
/// The header fields of a <see cref="SipMessage"/> in wire order, including unknown headers and repeated
/// lines. Enumerating with <c>foreach</c> does not allocate.
/// </summary>
public readonly struct SipHeaderCollection : IReadOnlyList<SipHeader>, IEquatable<SipHeaderCollection>
{
    private readonly SipMessage _message;

    internal SipHeaderCollection(SipMessage message) => _message = message;

    /// <summary>Number of header fields (lines after unfolding).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public int Count => _message.Entries.Length;

    /// <summary>The header field at <paramref name="index"/>, in wire order.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public SipHeader this[int index]
    {
        get
        {
            var entries = _message.Entries;
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)entries.Length, nameof(index));
            return new SipHeader(_message, entries[index]);
        }
    }

    /// <summary><see langword="true"/> when at least one header has the name (full or compact form, any case).</summary>
    /// <param name="name">A header name.</param>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public bool Contains(string name) => TryGetFirst(name, out _);

    /// <summary>Finds the first header with the name (full or compact form, any case).</summary>
    /// <param name="name">A header name such as <c>Contact</c> or <c>m</c>.</param>
    /// <param name="header">The header, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public bool TryGetFirst(string name, out SipHeader header)
    {
        foreach (var h in this)
        {
            if (h.HasName(name))
            {
                header = h;
                return true;
            }
        }

        header = default;
        return false;
    }

    /// <summary>The canonical values (<see cref="SipHeader.Value"/>) of every header with the name, in order.</summary>
    /// <param name="name">A header name (full or compact form, any case).</param>
    /// <returns>The values; empty when there is none.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public IReadOnlyList<string> GetValues(string name)
    {
        List<string>? values = null;
        foreach (var h in this)
        {
            if (h.HasName(name)) (values ??= []).Add(h.Value);
        }

        return values is null ? [] : values;
    }

    /// <summary>Returns a non-allocating enumerator in wire order.</summary>
    public Enumerator GetEnumerator() => new(_message);

    IEnumerator<SipHeader> IEnumerable<SipHeader>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(SipHeaderCollection other) => ReferenceEquals(_message, other._message);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipHeaderCollection other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _message?.GetHashCode() ?? 0;

    /// <summary>Compares two collections for identity (same message).</summary>
    /// <param name="left">One collection.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(SipHeaderCollection left, SipHeaderCollection right) => left.Equals(right);

    /// <summary>Compares two collections for identity (same message).</summary>
    /// <param name="left">One collection.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(SipHeaderCollection left, SipHeaderCollection right) => !left.Equals(right);

    /// <summary>Enumerates the headers of a message in wire order.</summary>
    public struct Enumerator : IEnumerator<SipHeader>
    {
        private readonly SipMessage _message;
        private int _index;

        internal Enumerator(SipMessage message)
        {
            _message = message;
            _index = -1;
        }

        /// <summary>The current header.</summary>
        /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
        public readonly SipHeader Current => new(_message, _message.Entries[_index]);

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next header.</summary>
        /// <returns><see langword="false"/> after the last header.</returns>
        /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
        public bool MoveNext() => ++_index < _message.Entries.Length;

        /// <summary>Restarts the enumeration.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
