#!/bin/bash
# generate.sh COMMIT NAME: build COMMIT in a scratch worktree, run the generator, delete the worktree
set -e
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p /tmp/rg-golden
c=$1; name=$2
wt=/tmp/rg-golden/wt-$c
repo=$(git rev-parse --show-toplevel)
cd $repo
git worktree add -f --detach $wt $c >/dev/null 2>&1
cd $wt
ctx=$(grep -o "import io.resilientgateways.aeron.*BalancerServiceContext;" aeron-adapter/src/test/java/io/resilientgateways/aeron/it/ClusterTestSupport.java | sed 's/import //; s/;//')
op=""
if grep -q "public AdminClient operator" aeron-adapter/src/main/java/io/resilientgateways/aeron/client/AdminClient.java; then op='admin.operator("alice");'; fi
sed "s/CTX_IMPORT/$ctx/; s/OPERATOR/$op/" $here/GoldenSnapshotGen.java.txt > aeron-adapter/src/test/java/io/resilientgateways/aeron/it/GoldenSnapshotGen.java
./mvnw -q -o -pl aeron-adapter -am test-compile -DskipTests > /tmp/rg-golden/$name.build.log 2>&1 || { echo "build failed $c"; tail -20 /tmp/rg-golden/$name.build.log; }
flock /tmp/rg-heavy.lock ./mvnw -o -pl aeron-adapter -am test-compile failsafe:integration-test -Dit.test=GoldenSnapshotGen -Dfailsafe.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false -Dgolden.out=/tmp/rg-golden/$name > /tmp/rg-golden/$name.run.log 2>&1 || true
ls -la /tmp/rg-golden/$name.* 
cd $repo
git worktree remove --force $wt
