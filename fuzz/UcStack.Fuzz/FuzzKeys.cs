using UcStack.Srtp;

namespace UcStack.Fuzz;

/// <summary>
/// The fixed, public SRTP test key the unprotect targets and the seed builder share. A fuzz key is not a secret: it only
/// lets seeds authenticate so the code after the tag check is reachable.
/// </summary>
internal static class FuzzKeys
{
    public static SrtpPolicy Policy(SrtpSuite suite)
    {
        var material = new byte[suite.KeyMaterialLength];
        for (var i = 0; i < material.Length; i++)
        {
            material[i] = (byte)((i * 13) + 5);
        }

        // The policy owns the master key and zeroes it when disposed.
        return new SrtpPolicy(suite, new SrtpMasterKey(material.AsSpan(0, suite.MasterKeyLength), material.AsSpan(suite.MasterKeyLength)));
    }
}
