namespace Herald.Domain.Templates;

/// <summary>How a template's header and body variables are written.</summary>
public enum ParameterFormat
{
    /// <summary><c>{{1}}</c>, <c>{{2}}</c> …; values are passed as a list in order.</summary>
    Positional,

    /// <summary><c>{{first_name}}</c>; values are passed by name.</summary>
    Named,
}
