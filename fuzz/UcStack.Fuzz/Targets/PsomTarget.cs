using UcStack.Psom;

namespace UcStack.Fuzz;

/// <summary>Psom frame target. The codec reports PsomDecodeStatus.Invalid with a PsomParseError, or Incomplete.</summary>
internal static class PsomTarget
{
    /// <summary>Segment size for the multi-segment pass: smaller than the 16-byte header so it straddles segments.</summary>
    private const int SegmentLength = 5;

    public static void Frame(byte[] input)
    {
        var status = PsomFrameCodec.TryDecode(input, PsomWireLimits.DefaultMaxFrameLength, out var frame, out var consumed, out var error);
        var split = Segments.Split(input, SegmentLength);
        var splitStatus = PsomFrameCodec.TryDecode(split, PsomWireLimits.DefaultMaxFrameLength, out _, out _, out var splitError);
        if (splitStatus != status || splitError.Code != error.Code)
        {
            throw new FuzzInvariantException($"one span gives {status} {error}, segments give {splitStatus} {splitError}");
        }

        switch (status)
        {
            case PsomDecodeStatus.Complete:
                break;
            case PsomDecodeStatus.Invalid when error.IsError && error.Offset >= 0 && error.Offset <= input.Length:
                return;
            case PsomDecodeStatus.Incomplete when consumed == 0:
                return;
            default:
                throw new FuzzInvariantException($"inconsistent decode result {status}, consumed {consumed}, {error}");
        }

        if (frame.Message is null || consumed < PsomWireLimits.HeaderLength || consumed > input.Length)
        {
            throw new FuzzInvariantException($"complete frame without a message or with consumed {consumed} of {input.Length}");
        }

        _ = frame.Message.ToString() + frame.Message.GetHashCode();

        // Re-encoding what was accepted gives the canonical frame, which must decode and re-encode to itself.
        var canonical = PsomFrameCodec.Encode(frame.Message, frame.Sequence);
        var again = PsomFrameCodec.Decode(canonical);
        if (!PsomFrameCodec.Encode(again.Message, again.Sequence).AsSpan().SequenceEqual(canonical))
        {
            throw new FuzzInvariantException("the canonical encoding of an accepted frame is not a fixed point");
        }
    }
}
