using System.Net;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Ice;

namespace UcStack.Ice.Tests.Candidates;

internal static class CandidateGenerators
{
    private const string IceChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";

    public static Gen<IPAddress> Addresses() =>
        Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), 4).Select(b => new IPAddress(b)),
            Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), 16).Select(b => new IPAddress(b)));

    public static Gen<IceCandidate> Candidates() =>
        from foundationLength in Gen.Choose(1, 32)
        from foundation in Gen.ArrayOf(Gen.Elements(IceChars.ToCharArray()), foundationLength)
        from component in Gen.Choose(1, 256)
        from tcpType in Gen.Elements(IceTcpType.None, IceTcpType.None, IceTcpType.Active, IceTcpType.Passive, IceTcpType.SimultaneousOpen)
        from priority in Gen.Choose(1, int.MaxValue)
        from address in Addresses()
        from port in Gen.Choose(0, 65535)
        from type in Gen.Elements(Enum.GetValues<IceCandidateType>())
        from hasRelated in Gen.Elements(true, false)
        from relatedAddress in Addresses()
        from relatedPort in Gen.Choose(0, 65535)
        from extensionCount in Gen.Choose(0, 3)
        from extensionValues in Gen.ArrayOf(Gen.Choose(0, 9999), extensionCount)
        select new IceCandidate(
            new string(foundation),
            component,
            tcpType == IceTcpType.None ? IceTransportProtocol.Udp : IceTransportProtocol.Tcp,
            (uint)priority,
            new IPEndPoint(address, port),
            type,
            hasRelated ? new IPEndPoint(relatedAddress, relatedPort) : null,
            tcpType,
            extensionValues.Select((v, i) => new IceCandidateExtension("ext" + i, v.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
}
