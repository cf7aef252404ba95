namespace UcStack.Turn.Protocol;

/// <summary>The first byte of an MS-TURN TCP frame (our digest, `ms-extensions.md` §3 "TCP framing").</summary>
internal enum MsTurnFrameType : byte
{
    /// <summary>0x02: a TURN control message (an MS-TURN STUN message).</summary>
    Control = 0x02,

    /// <summary>0x03: end-to-end data, relayed unframed to and from the active destination.</summary>
    Data = 0x03,
}
