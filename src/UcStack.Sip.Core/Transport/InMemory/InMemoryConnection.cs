using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>A stream connection between two in-memory nodes; each end keeps its own receive buffer.</summary>
internal sealed class InMemoryConnection
{
    public InMemoryConnection(long id, SipTransportProtocol protocol, SipInMemoryTransportLayer client, IPEndPoint clientEndPoint,
        SipInMemoryTransportLayer server, IPEndPoint serverEndPoint, SipParserLimits clientLimits, SipParserLimits serverLimits)
    {
        Id = id;
        Protocol = protocol;
        Client = client;
        ClientEndPoint = clientEndPoint;
        Server = server;
        ServerEndPoint = serverEndPoint;
        ClientInbox = new InMemoryStreamInbox(clientLimits);
        ServerInbox = new InMemoryStreamInbox(serverLimits);
    }

    public long Id { get; }

    public SipTransportProtocol Protocol { get; }

    public SipInMemoryTransportLayer Client { get; }

    public IPEndPoint ClientEndPoint { get; }

    public SipInMemoryTransportLayer Server { get; }

    public IPEndPoint ServerEndPoint { get; }

    public InMemoryStreamInbox ClientInbox { get; }

    public InMemoryStreamInbox ServerInbox { get; }

    public bool IsOpen { get; set; } = true;

    /// <summary>The due time of the last delivery each way: later sends never overtake earlier ones.</summary>
    public TimeSpan LastDueToServer { get; set; }

    public TimeSpan LastDueToClient { get; set; }

    public bool IsClient(SipInMemoryTransportLayer node) => ReferenceEquals(node, Client);

    public SipInMemoryTransportLayer Peer(SipInMemoryTransportLayer node) => IsClient(node) ? Server : Client;

    public IPEndPoint LocalOf(SipInMemoryTransportLayer node) => IsClient(node) ? ClientEndPoint : ServerEndPoint;

    public IPEndPoint RemoteOf(SipInMemoryTransportLayer node) => IsClient(node) ? ServerEndPoint : ClientEndPoint;

    public SipFlow FlowOf(SipInMemoryTransportLayer node) => new(Protocol, LocalOf(node), RemoteOf(node), Id);
}
