namespace UcStack.C3P;

/// <summary>The XML namespaces C3P bodies and conference-info documents use. Matching is on the URI, never on the prefix.</summary>
public static class C3PNamespaces
{
    /// <summary>The C3P envelope and command namespace, <c>urn:ietf:params:xml:ns:cccp</c>.</summary>
    public const string Cccp = "urn:ietf:params:xml:ns:cccp";

    /// <summary>RFC 4575 conference-info, <c>urn:ietf:params:xml:ns:conference-info</c>.</summary>
    public const string ConferenceInfo = "urn:ietf:params:xml:ns:conference-info";

    /// <summary>The conference-info separator extension points, <c>urn:ietf:params:xml:ns:conference-info-separator</c>.</summary>
    public const string ConferenceInfoSeparator = "urn:ietf:params:xml:ns:conference-info-separator";

    /// <summary>Microsoft conference-info extensions (2005/08), conventionally prefixed <c>msci</c>.</summary>
    public const string MsConferenceInfo = "http://schemas.microsoft.com/rtc/2005/08/confinfoextensions";

    /// <summary>Microsoft conference-info extensions (2008/12); read and written as preserved extension content.</summary>
    public const string MsConferenceInfo2008 = "http://schemas.microsoft.com/rtc/2008/12/confinfoextensions";

    /// <summary>Microsoft C3P extensions (2005/08), conventionally prefixed <c>mscp</c>.</summary>
    public const string MsCccp = "http://schemas.microsoft.com/rtc/2005/08/cccpextensions";

    /// <summary>The MIME type of a C3P request or response body.</summary>
    public const string CccpContentType = "application/cccp+xml";

    /// <summary>The MIME type of a conference-info document (RFC 4575 §4).</summary>
    public const string ConferenceInfoContentType = "application/conference-info+xml";
}
