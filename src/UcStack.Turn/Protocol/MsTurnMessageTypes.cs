namespace UcStack.Turn.Protocol;

/// <summary>
/// The raw message types of MS-TURN (our digest of [MS-TURN], `ms-extensions.md` §3). MS-TURN predates the
/// RFC class/method encoding, so these are compared as 16-bit values (<c>StunMessageReader.RawType</c>).
/// </summary>
public static class MsTurnMessageTypes
{
    /// <summary>Allocate request (also refreshes, and with LIFETIME 0 deletes, an existing allocation).</summary>
    public const ushort AllocateRequest = 0x0003;

    /// <summary>Allocate success response.</summary>
    public const ushort AllocateResponse = 0x0103;

    /// <summary>Allocate error response.</summary>
    public const ushort AllocateErrorResponse = 0x0113;

    /// <summary>Send request: DESTINATION-ADDRESS and DATA; the server sends no response.</summary>
    public const ushort SendRequest = 0x0004;

    /// <summary>Data indication: REMOTE-ADDRESS and DATA from a peer.</summary>
    public const ushort DataIndication = 0x0115;

    /// <summary>Set Active Destination request: relay unframed to and from DESTINATION-ADDRESS.</summary>
    public const ushort SetActiveDestinationRequest = 0x0006;

    /// <summary>Set Active Destination success response.</summary>
    public const ushort SetActiveDestinationResponse = 0x0106;

    /// <summary>Set Active Destination error response.</summary>
    public const ushort SetActiveDestinationErrorResponse = 0x0116;

    /// <summary>The highest MS-VERSION the server answers with: 4 and above ask for IPv6 relaying, which it lacks.</summary>
    public const uint MaxServedVersion = 3;
}
