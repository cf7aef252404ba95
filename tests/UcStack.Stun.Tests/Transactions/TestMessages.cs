using System.Net;

namespace UcStack.Stun.Tests.Transactions;

/// <summary>Builds requests and responses for the transaction and binding tests.</summary>
internal static class TestMessages
{
    public static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.10"), 40000);
    public static readonly IPEndPoint Server = new(IPAddress.Parse("192.0.2.1"), 3478);

    public static byte[] NewTransactionId()
    {
        var id = new byte[StunConstants.TransactionIdLength];
        StunMessageWriter.GenerateTransactionId(id);
        return id;
    }

    public static byte[] BindingRequest(byte[] transactionId, StunIntegrityKey? key = null)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddSoftware("test");
        if (key is not null)
        {
            writer.AddUsername("user");
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        return buffer[..writer.Complete()];
    }

    public static byte[] BindingSuccess(ReadOnlySpan<byte> transactionId, IPEndPoint mapped, StunIntegrityKey? key = null, bool fingerprint = true, ushort extraAttribute = 0)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, transactionId);
        writer.AddXorMappedAddress(StunEndPoint.FromIPEndPoint(mapped));
        if (extraAttribute != 0)
        {
            writer.AddAttribute(extraAttribute, [1, 2, 3, 4]);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer[..writer.Complete()];
    }

    public static byte[] BindingError(ReadOnlySpan<byte> transactionId, int code, string reason)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, transactionId);
        writer.AddErrorCode(code, reason);
        writer.AddFingerprint();
        return buffer[..writer.Complete()];
    }
}

/// <summary>A transport that records what is sent and when, and can be told to fail.</summary>
internal sealed class RecordingTransport(TimeProvider time, bool isReliable) : IStunTransport
{
    private readonly DateTimeOffset _start = time.GetUtcNow();

    public List<(double AtMs, byte[] Packet, IPEndPoint To)> Sent { get; } = [];

    public Exception? FailSendsWith { get; set; }

    public bool IsReliable { get; } = isReliable;

    public IPEndPoint LocalEndPoint => TestMessages.Client;

    public IEnumerable<double> SendTimes => Sent.Select(s => s.AtMs);

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        if (FailSendsWith is not null)
        {
            return ValueTask.FromException(FailSendsWith);
        }

        lock (Sent)
        {
            Sent.Add(((time.GetUtcNow() - _start).TotalMilliseconds, packet.ToArray(), remoteEndPoint));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromException<StunReceivedPacket>(new NotSupportedException("The recording transport only sends."));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
