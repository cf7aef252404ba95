namespace UcStack.Ice.Tests.Simulation;

/// <summary>RFC 4787 §4.1 mapping behaviour.</summary>
internal enum NatMapping
{
    EndpointIndependent,
    AddressDependent,
    AddressAndPortDependent,
}

/// <summary>RFC 4787 §5 filtering behaviour.</summary>
internal enum NatFiltering
{
    EndpointIndependent,
    AddressDependent,
    AddressAndPortDependent,
}

/// <summary>A NAT type; "symmetric" is address-and-port-dependent mapping with the same filtering.</summary>
internal sealed record NatBehavior(NatMapping Mapping, NatFiltering Filtering)
{
    public static readonly NatBehavior FullCone = new(NatMapping.EndpointIndependent, NatFiltering.EndpointIndependent);

    public static readonly NatBehavior Symmetric = new(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent);

    public override string ToString() => $"{Short(Mapping)}M/{Short(Filtering)}F";

    private static string Short(Enum value) => value.ToString() switch
    {
        "EndpointIndependent" => "EI",
        "AddressDependent" => "AD",
        _ => "APD",
    };
}
