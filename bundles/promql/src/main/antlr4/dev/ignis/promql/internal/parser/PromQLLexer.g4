/*
 * Lexer of the PromQL language as accepted by Prometheus 2.42.
 *
 * Three modes mirror how PromQL reads text: the default (expressions), inside braces (label
 * matchers: every word is a label name, keywords included) and inside brackets (durations and
 * the subquery colon). Keywords are case-insensitive; function names are plain identifiers and
 * stay case-sensitive. Tokens named *_ERROR or UNTERMINATED_* never match valid input: they
 * exist so that the parser can report Prometheus's lexer messages with a position.
 */
lexer grammar PromQLLexer;

// Emitted only from the other modes, or by QueryLexer for errors it detects itself.
// GROUP_LEFT_PAREN is a '(' right after group_left/group_right; QueryLexer retypes it.
tokens { RIGHT_BRACE, RIGHT_BRACKET, EQL_REGEX, NEQ_REGEX, GROUP_LEFT_PAREN, ERROR }

// Keywords. Listed before IDENTIFIER: on equal length the first rule wins.
LAND        options { caseInsensitive = true; } : 'and';
LOR         options { caseInsensitive = true; } : 'or';
LUNLESS     options { caseInsensitive = true; } : 'unless';
ATAN2       options { caseInsensitive = true; } : 'atan2';
AVG         options { caseInsensitive = true; } : 'avg';
BOTTOMK     options { caseInsensitive = true; } : 'bottomk';
COUNT       options { caseInsensitive = true; } : 'count';
COUNT_VALUES options { caseInsensitive = true; } : 'count_values';
GROUP       options { caseInsensitive = true; } : 'group';
MAX         options { caseInsensitive = true; } : 'max';
MIN         options { caseInsensitive = true; } : 'min';
QUANTILE    options { caseInsensitive = true; } : 'quantile';
STDDEV      options { caseInsensitive = true; } : 'stddev';
STDVAR      options { caseInsensitive = true; } : 'stdvar';
SUM         options { caseInsensitive = true; } : 'sum';
TOPK        options { caseInsensitive = true; } : 'topk';
BOOL        options { caseInsensitive = true; } : 'bool';
BY          options { caseInsensitive = true; } : 'by';
GROUP_LEFT  options { caseInsensitive = true; } : 'group_left';
GROUP_RIGHT options { caseInsensitive = true; } : 'group_right';
IGNORING    options { caseInsensitive = true; } : 'ignoring';
OFFSET      options { caseInsensitive = true; } : 'offset';
ON          options { caseInsensitive = true; } : 'on';
WITHOUT     options { caseInsensitive = true; } : 'without';
START       options { caseInsensitive = true; } : 'start';
END         options { caseInsensitive = true; } : 'end';

// A duration is tried before a number so that "5m" is one token; its unit order and
// uniqueness are checked when the token is converted.
DURATION : DURATION_TEXT ;

NUMBER
    : DIGITS ('.' [0-9]*)? EXPONENT?
    | '.' DIGITS EXPONENT?
    | '0' [xX] [0-9a-fA-F]+
    ;
INF_NAN options { caseInsensitive = true; } : ('inf' | 'nan') -> type(NUMBER) ;

// Digits glued to letters that form neither a number nor a duration ("5x", "1.5m").
BAD_NUMBER_ERROR : (DIGITS ('.' [0-9]*)? EXPONENT? | '.' DIGITS EXPONENT?) [a-zA-Z0-9_]+ ;

IDENTIFIER        : [a-zA-Z_] [a-zA-Z0-9_]* ;
METRIC_IDENTIFIER : [a-zA-Z_:] [a-zA-Z0-9_:]* ;

STRING
    : '"' (ESCAPE | ~["\\\n])* '"'
    | '\'' (ESCAPE | ~['\\\n])* '\''
    | '`' ~'`'* '`'
    ;
UNTERMINATED_STRING
    : '"' (ESCAPE | ~["\\\n])*
    | '\'' (ESCAPE | ~['\\\n])*
    | '`' ~'`'*
    ;

LEFT_PAREN    : '(' ;
RIGHT_PAREN   : ')' ;
LEFT_BRACE    : '{' -> pushMode(BRACES) ;
STRAY_RIGHT_BRACE_ERROR : '}' ;
LEFT_BRACKET  : '[' -> pushMode(BRACKETS) ;
STRAY_RIGHT_BRACKET_ERROR : ']' ;
COMMA         : ',' ;
AT            : '@' ;
ADD           : '+' ;
SUB           : '-' ;
MUL           : '*' ;
DIV           : '/' ;
MOD           : '%' ;
POW           : '^' ;
EQLC          : '==' ;
NEQ           : '!=' ;
LTE           : '<=' ;
LSS           : '<' ;
GTE           : '>=' ;
GTR           : '>' ;
// Regex matchers exist only inside braces.
EQL_TILDE_ERROR : '=~' ;
EQL           : '=' ;
COLON         : ':' ;
BANG_ERROR    : '!' ;

WS      : [ \t\r\n]+ -> skip ;
COMMENT : '#' ~[\r\n]* -> skip ;

CHAR_ERROR : . ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]* ;
fragment ESCAPE   : '\\' . ;
// Like Prometheus's lexer, a fraction is read here and rejected when the duration is parsed.
fragment DURATION_TEXT : (DIGITS ('.' [0-9]*)? | '.' DIGITS) [smhdwy] 's'? (DIGITS [smhdw] 's'?)* ;

// Inside a label matcher list.
mode BRACES;
B_WS         : [ \t\r\n]+ -> skip ;
B_COMMENT    : '#' ~[\r\n]* -> skip ;
B_IDENTIFIER : [a-zA-Z_] [a-zA-Z0-9_]* -> type(IDENTIFIER) ;
B_STRING
    : ( '"' (ESCAPE | ~["\\\n])* '"'
      | '\'' (ESCAPE | ~['\\\n])* '\''
      | '`' ~'`'* '`'
      ) -> type(STRING)
    ;
B_UNTERMINATED_STRING
    : ( '"' (ESCAPE | ~["\\\n])*
      | '\'' (ESCAPE | ~['\\\n])*
      | '`' ~'`'*
      ) -> type(UNTERMINATED_STRING)
    ;
B_COMMA       : ',' -> type(COMMA) ;
B_EQL_REGEX   : '=~' -> type(EQL_REGEX) ;
B_NEQ_REGEX   : '!~' -> type(NEQ_REGEX) ;
B_NEQ         : '!=' -> type(NEQ) ;
B_EQL         : '=' -> type(EQL) ;
B_RIGHT_BRACE : '}' -> type(RIGHT_BRACE), popMode ;
BRACE_BANG_ERROR : '!' ;
BRACE_LEFT_BRACE_ERROR : '{' ;
BRACE_CHAR_ERROR : . ;

// Inside a range or subquery bracket.
mode BRACKETS;
K_WS            : [ \t\r\n]+ -> skip ;
K_COMMENT       : '#' ~[\r\n]* -> skip ;
K_DURATION      : DURATION_TEXT -> type(DURATION) ;
MISSING_UNIT_ERROR : DIGITS ('.' [0-9]*)? EXPONENT? | '.' DIGITS EXPONENT? ;
BAD_DURATION_ERROR : (DIGITS ('.' [0-9]*)? | '.' DIGITS) [a-zA-Z0-9_]+ ;
K_COLON         : ':' -> type(COLON) ;
K_RIGHT_BRACKET : ']' -> type(RIGHT_BRACKET), popMode ;
// Everything else is read as in expressions, so that the parser reports misplaced tokens.
K_LEFT_PAREN  : '(' -> type(LEFT_PAREN) ;
K_RIGHT_PAREN : ')' -> type(RIGHT_PAREN) ;
K_LEFT_BRACE  : '{' -> type(LEFT_BRACE), pushMode(BRACES) ;
K_STRAY_RIGHT_BRACE : '}' -> type(STRAY_RIGHT_BRACE_ERROR) ;
BRACKET_LEFT_BRACKET_ERROR : '[' ;
K_COMMA       : ',' -> type(COMMA) ;
K_AT          : '@' -> type(AT) ;
K_ADD : '+' -> type(ADD) ;
K_SUB : '-' -> type(SUB) ;
K_MUL : '*' -> type(MUL) ;
K_DIV : '/' -> type(DIV) ;
K_MOD : '%' -> type(MOD) ;
K_POW : '^' -> type(POW) ;
K_EQLC : '==' -> type(EQLC) ;
K_NEQ  : '!=' -> type(NEQ) ;
K_LTE  : '<=' -> type(LTE) ;
K_LSS  : '<' -> type(LSS) ;
K_GTE  : '>=' -> type(GTE) ;
K_GTR  : '>' -> type(GTR) ;
K_EQL_TILDE : '=~' -> type(EQL_TILDE_ERROR) ;
K_EQL  : '=' -> type(EQL) ;
K_BANG : '!' -> type(BANG_ERROR) ;
K_STRING
    : ( '"' (ESCAPE | ~["\\\n])* '"'
      | '\'' (ESCAPE | ~['\\\n])* '\''
      | '`' ~'`'* '`'
      ) -> type(STRING)
    ;
K_UNTERMINATED_STRING
    : ( '"' (ESCAPE | ~["\\\n])*
      | '\'' (ESCAPE | ~['\\\n])*
      | '`' ~'`'*
      ) -> type(UNTERMINATED_STRING)
    ;
BRACKET_CHAR_ERROR : . ;
