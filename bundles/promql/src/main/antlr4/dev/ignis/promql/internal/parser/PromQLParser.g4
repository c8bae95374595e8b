/*
 * Parser of the PromQL language as accepted by Prometheus 2.42.
 *
 * Operator precedence follows the order of the alternatives of expr, highest first: the
 * postfix modifiers (range, subquery, offset, @) bind tightest, then '^' (right-associative),
 * then unary +/- (so -a^b is -(a^b) and -a*b is (-a)*b), then * / % atan2, + -, comparisons,
 * and/unless, or. Everything the grammar cannot say (types, argument counts, modifier
 * placement) is checked when the tree is built, with Prometheus's messages.
 */
parser grammar PromQLParser;

options { tokenVocab = PromQLLexer; }

query : expr EOF ;

expr
    : expr LEFT_BRACKET range=DURATION RIGHT_BRACKET                                  # matrixSelector
    | expr LEFT_BRACKET range=DURATION COLON step=DURATION? RIGHT_BRACKET              # subquery
    | expr OFFSET neg=SUB? DURATION                                                   # offset
    | expr AT (atNumber | preprocessor=(START | END) LEFT_PAREN RIGHT_PAREN)          # at
    | <assoc=right> lhs=expr op=POW binModifiers rhs=expr                             # binary
    | op=(ADD | SUB) expr                                                             # unary
    | lhs=expr op=(MUL | DIV | MOD | ATAN2) binModifiers rhs=expr                     # binary
    | lhs=expr op=(ADD | SUB) binModifiers rhs=expr                                   # binary
    | lhs=expr op=(EQLC | NEQ | LTE | LSS | GTE | GTR) binModifiers rhs=expr          # binary
    | lhs=expr op=(LAND | LUNLESS) binModifiers rhs=expr                              # binary
    | lhs=expr op=LOR binModifiers rhs=expr                                           # binary
    | aggregateOp grouping callBody                                                   # aggregate
    | aggregateOp callBody grouping?                                                  # aggregate
    | IDENTIFIER callBody                                                             # call
    | LEFT_PAREN expr RIGHT_PAREN                                                     # paren
    | NUMBER                                                                          # number
    | STRING                                                                          # string
    | vectorSelector                                                                  # selector
    ;

atNumber : (ADD | SUB)? NUMBER ;

binModifiers
    : BOOL? (matching=(ON | IGNORING) labelList (group=(GROUP_LEFT | GROUP_RIGHT) groupLabels)?)?
    ;

// As in Prometheus, a '(' right after group_left/group_right always opens its label list,
// even where it could start the right-hand operand ("a * on(x) group_left (b)" lacks an
// operand); the lexer gives that '(' its own token type, GROUP_LEFT_PAREN.
groupLabels
    : GROUP_LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN
    |
    ;

grouping : (BY | WITHOUT) labelList ;

labelList : LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN ;

// Words the lexer may have read as keywords but that are still valid label names here.
labelName
    : IDENTIFIER | METRIC_IDENTIFIER | AVG | BOOL | BOTTOMK | BY | COUNT | COUNT_VALUES | GROUP
    | GROUP_LEFT | GROUP_RIGHT | IGNORING | LAND | LOR | LUNLESS | MAX | MIN | OFFSET | ON
    | QUANTILE | STDDEV | STDVAR | SUM | TOPK | START | END | ATAN2
    ;

callBody : LEFT_PAREN (expr (COMMA expr)* trailing=COMMA?)? RIGHT_PAREN ;

aggregateOp
    : AVG | BOTTOMK | COUNT | COUNT_VALUES | GROUP | MAX | MIN | QUANTILE | STDDEV | STDVAR
    | SUM | TOPK
    ;

vectorSelector
    : metricIdentifier labelMatchers?
    | labelMatchers
    ;

metricIdentifier
    : IDENTIFIER | METRIC_IDENTIFIER | AVG | BOTTOMK | BY | COUNT | COUNT_VALUES | GROUP | LAND
    | LOR | LUNLESS | MAX | MIN | OFFSET | QUANTILE | STDDEV | STDVAR | SUM | TOPK | WITHOUT
    | START | END
    ;

labelMatchers : LEFT_BRACE (labelMatcher (COMMA labelMatcher)* COMMA?)? RIGHT_BRACE ;

labelMatcher : IDENTIFIER op=(EQL | NEQ | EQL_REGEX | NEQ_REGEX) STRING ;
