using System.Buffers;

namespace UcStack.Sip.Transport;

/// <summary>The bytes one end of an in-memory connection has received and not yet framed, framed with the same
/// <see cref="SipStreamReader"/> the socket transport uses (RFC 3261 §18.3 Content-Length framing).</summary>
internal sealed class InMemoryStreamInbox
{
    private readonly SipStreamReader _reader;
    private readonly int _maxBuffered;
    private byte[] _data = [];
    private int _count;

    public InMemoryStreamInbox(SipParserLimits limits)
    {
        _reader = new SipStreamReader(limits);

        // A message is at most MaxMessageBytes after any keep-alive CRLFs; holding more unframed means garbage.
        _maxBuffered = limits.MaxMessageBytes + limits.MaxHeaderSectionBytes;
    }

    /// <summary>Appends bytes and frames every complete message; returns false on a framing error (close).</summary>
    public bool Append(ReadOnlySpan<byte> bytes, List<SipMessage> messages, out SipParseError error)
    {
        error = default;
        if (_count + bytes.Length > _data.Length) Array.Resize(ref _data, Math.Max(_count + bytes.Length, Math.Max(256, _data.Length * 2)));
        bytes.CopyTo(_data.AsSpan(_count));
        _count += bytes.Length;

        var buffer = new ReadOnlySequence<byte>(_data, 0, _count);
        while (_reader.TryRead(ref buffer, out var message, out error)) messages.Add(message);
        if (error.IsError) return false;

        var rest = (int)buffer.Length;
        _data.AsSpan(_count - rest, rest).CopyTo(_data);
        _count = rest;
        if (_count > _maxBuffered)
        {
            error = new SipParseError(SipParseErrorCode.MessageTooLarge, _count, "unframed bytes exceed the message-size limit");
            return false;
        }

        return true;
    }
}
