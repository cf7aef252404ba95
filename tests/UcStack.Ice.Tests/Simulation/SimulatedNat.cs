using System.Net;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>One NAT box: translates outbound packets of its private hosts and filters inbound ones (RFC 4787).</summary>
internal sealed class SimulatedNat(IPAddress publicAddress, NatBehavior behavior)
{
    private readonly Dictionary<string, int> _mappingsByKey = [];
    private readonly Dictionary<int, Mapping> _mappingsByPort = [];
    private int _nextPort = 40000;

    public IPAddress PublicAddress { get; } = publicAddress;

    public NatBehavior Behavior { get; } = behavior;

    public int MappingCount => _mappingsByPort.Count;

    /// <summary>Outbound: finds or creates the mapping for (private source, destination) and records the contact.</summary>
    public IPEndPoint Translate(IPEndPoint privateSource, IPEndPoint destination)
    {
        var key = Behavior.Mapping switch
        {
            NatMapping.EndpointIndependent => $"{privateSource}",
            NatMapping.AddressDependent => $"{privateSource}|{destination.Address}",
            _ => $"{privateSource}|{destination}",
        };
        if (!_mappingsByKey.TryGetValue(key, out var port))
        {
            port = _nextPort++;
            _mappingsByKey[key] = port;
            _mappingsByPort[port] = new Mapping(privateSource);
        }

        _mappingsByPort[port].Contacted.Add(destination);
        return new IPEndPoint(PublicAddress, port);
    }

    /// <summary>Inbound: the private destination if a mapping exists and the filter admits the source.</summary>
    public IPEndPoint? Admit(IPEndPoint publicDestination, IPEndPoint source)
    {
        if (!_mappingsByPort.TryGetValue(publicDestination.Port, out var mapping))
        {
            return null;
        }

        var admitted = Behavior.Filtering switch
        {
            NatFiltering.EndpointIndependent => true,
            NatFiltering.AddressDependent => mapping.Contacted.Any(c => c.Address.Equals(source.Address)),
            _ => mapping.Contacted.Contains(source),
        };
        return admitted ? mapping.PrivateSource : null;
    }

    private sealed class Mapping(IPEndPoint privateSource)
    {
        public IPEndPoint PrivateSource { get; } = privateSource;

        public HashSet<IPEndPoint> Contacted { get; } = [];
    }
}
