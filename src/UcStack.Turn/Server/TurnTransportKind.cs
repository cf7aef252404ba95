namespace UcStack.Turn.Server;

/// <summary>The client-to-server transport of a 5-tuple (values are the IP protocol numbers).</summary>
internal enum TurnTransportKind : byte
{
    Tcp = 6,
    Udp = 17,
}
