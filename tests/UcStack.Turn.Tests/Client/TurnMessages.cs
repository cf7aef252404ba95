using System.Net;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Tests.Client;

/// <summary>Builds the server side of the exchanges for the fake server.</summary>
internal static class TurnMessages
{
    public const string Username = "user";
    public const string Password = "secret";
    public const string Realm = "example.org";

    public static readonly StunEndPoint Relayed = new(IPAddress.Parse("192.0.2.15"), 50000);
    public static readonly StunEndPoint Mapped = new(IPAddress.Parse("198.51.100.7"), 40000);

    public static StunIntegrityKey Key() => StunIntegrityKey.ForLongTerm(Username, Realm, Password);

    public static byte[] Error(byte[] request, int code, string reason, string? nonce = null, bool realm = false, StunIntegrityKey? key = null)
    {
        var reader = Parse(request);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.ErrorResponse, reader.Method), reader.TransactionId);
        writer.AddErrorCode(code, reason);
        if (realm)
        {
            writer.AddRealm(Realm);
        }

        if (nonce is not null)
        {
            writer.AddNonce(nonce);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    public static byte[] Success(byte[] request, StunIntegrityKey? key, uint? lifetime = null, bool allocate = false)
    {
        var reader = Parse(request);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.SuccessResponse, reader.Method), reader.TransactionId);
        if (allocate)
        {
            writer.AddXorRelayedAddress(Relayed);
            writer.AddXorMappedAddress(Mapped);
        }

        if (lifetime is { } seconds)
        {
            writer.AddLifetime(seconds);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    public static byte[] DataIndication(StunEndPoint peer, byte[] data)
    {
        var buffer = new byte[512 + data.Length];
        var writer = new StunMessageWriter(buffer, TurnMessageTypes.DataIndication, new byte[12]);
        writer.AddXorPeerAddress(peer);
        writer.AddData(data);
        return buffer.AsSpan(0, writer.Complete()).ToArray();
    }

    public static StunMessageReader Parse(byte[] message)
    {
        Assert.That(StunMessageReader.TryParse(message, out var reader, out var error), Is.True, error.ToString());
        return reader;
    }

    /// <summary>Answers the unauthenticated Allocate with 401 and the authenticated one with success.</summary>
    public static async Task CompleteAllocationAsync(FakeTurnServer server, StunIntegrityKey key, uint lifetime = 600)
    {
        var first = await server.NextAsync();
        await server.SendAsync(Error(first, 401, "Unauthenticated", nonce: "nonce-1", realm: true));
        var second = await server.NextAsync();
        await server.SendAsync(Success(second, key, lifetime, allocate: true));
    }
}
