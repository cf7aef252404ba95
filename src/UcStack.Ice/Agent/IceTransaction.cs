using System.Buffers.Binary;
using System.Net;
using UcStack.Stun;

namespace UcStack.Ice;

internal enum IceTransactionKind
{
    Check,
    Gather,
    Consent,
}

/// <summary>One outstanding STUN request of the agent, retransmitted on the RFC 8489 §6.2.1 schedule by the agent's tick.</summary>
internal sealed class IceTransaction
{
    public IceTransaction(IceTransactionKind kind, byte[] request, IIceSocket socket, IPEndPoint destination, long now, TimeSpan rto)
    {
        Kind = kind;
        Request = request;
        Socket = socket;
        Destination = destination;
        StartedAt = now;
        Interval = rto;
        InitialRto = rto;
        SentCount = 1;
        Key = KeyOf(request.AsSpan(8, 12));
    }

    public IceTransactionKind Kind { get; }

    public (ulong, uint) Key { get; }

    public byte[] Request { get; }

    public IIceSocket Socket { get; }

    public IPEndPoint Destination { get; }

    public long StartedAt { get; }

    public TimeSpan InitialRto { get; }

    public TimeSpan Interval { get; set; }

    public long NextAt { get; set; }

    public int SentCount { get; set; }

    public bool IsFinalWait { get; set; }

    public IceCheckPair? Pair { get; init; }

    public bool UseCandidate { get; init; }

    public bool SentAsControlling { get; init; }

    public uint SentPriority { get; init; }

    public StunIntegrityKey? ResponseKey { get; init; }

    public IceLocalCandidate? GatherBase { get; init; }

    public int Component { get; init; }

    public static (ulong, uint) KeyOf(ReadOnlySpan<byte> transactionId) =>
        (BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]));
}
