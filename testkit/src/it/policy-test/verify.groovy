// Fails the build unless the kit's contract properties and the user's plain JUnit test really ran and passed. A
// misconfigured kit (no engine on the class path, a JUnit 3 fallback) makes Surefire run zero tests and still print
// BUILD SUCCESS: here that is a failure.
def reports = new File(basedir, 'target/surefire-reports')
def ran = [:]
int failed = 0
(reports.listFiles() ?: []).findAll { it.name.startsWith('TEST-') && it.name.endsWith('.xml') }.each { file ->
    def suite = new groovy.xml.XmlSlurper().parse(file)
    suite.testcase.each { tc ->
        def name = tc.@classname.text() + '#' + tc.@name.text().replaceAll('\\(.*', '')
        ran[name] = (ran[name] ?: 0) + 1
        if (tc.failure.size() > 0 || tc.error.size() > 0 || tc.skipped.size() > 0) {
            failed++
        }
    }
}
def expected = ['proposalsAreValidAndTasksAreConserved', 'capabilitiesAreRespected', 'sameHistoryGivesSameOutput',
                'restoredEngineContinuesIdentically', 'answersDoNotDependOnInputOrder']
        .collect { 'com.example.policy.FewestTasksPolicyContractTest#' + it } +
        ['com.example.policy.FewestTasksPolicyTest#namesItself']
def missing = expected.findAll { !ran.containsKey(it) }
println "[policy-test] test cases run: ${ran.keySet().sort()}"
if (ran.isEmpty()) {
    throw new IllegalStateException('the contract kit ran zero tests')
}
if (!missing.isEmpty()) {
    throw new IllegalStateException("these tests did not run: ${missing}")
}
if (failed > 0) {
    throw new IllegalStateException("${failed} test case(s) failed or were skipped")
}
// jqwik's report names the tries it made: every property must have tried more than once.
def log = new File(basedir, 'build.log').text
def tries = (log =~ /tries\s*=\s*(\d+)/).collect { it[1] as int }
if (tries.size() < 5 || tries.any { it < 2 }) {
    throw new IllegalStateException("expected jqwik to report at least 2 tries for each of 5 properties, saw ${tries}")
}
return true
