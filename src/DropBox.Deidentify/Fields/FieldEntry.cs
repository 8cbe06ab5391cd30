namespace DropBox.Deidentify.Fields;

/// <summary>
/// One entry of a project's field list (the study's IRB list) as written in configuration:
/// <c>{ "Attribute": "StudyDescription" | "(0008,1030)" | "CREATOR:(0029,xx10)", "Action": "remove|empty|keep|dummy:VALUE|pseudonym|hash|shift-date|remap-uid" }</c>.
/// </summary>
public sealed class FieldEntry
{
    public string Attribute { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;
}
