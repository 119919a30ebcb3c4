package dev.candor.telemetry.testing;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The public members of a source folder's public API that have no Javadoc comment, found with the
 * JDK's own compiler tree API (sources are parsed, not compiled). Members of public types count when
 * they are public (or implicitly public in an interface), record components excepted (the record's
 * {@code @param} tags document them), as do members a record or enum generates.
 */
public final class PublicApiDocs {
    private PublicApiDocs() {}

    /** {@code Type.member} for each undocumented public member under {@code sources} outside {@code internal}. */
    public static List<String> undocumented(Path sources) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/internal/"))
                    .sorted()
                    .toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> missing = new ArrayList<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> {}, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree c, String outer) {
                        boolean inInterface = outer != null && outer.startsWith("@interface:");
                        String owner = outer == null ? "" : outer.replaceFirst("^@interface:", "") + ".";
                        if (!isPublic(c.getModifiers().getFlags(), inInterface)) {
                            return null;
                        }
                        String name = owner + c.getSimpleName();
                        TreePath here = getCurrentPath(); // scan(...) below resets the current path
                        check(here, name);
                        boolean iface = c.getKind() == Tree.Kind.INTERFACE;
                        for (Tree member : c.getMembers()) {
                            TreePath path = new TreePath(here, member);
                            if (member instanceof MethodTree m) {
                                boolean generated = m.getName().contentEquals("<init>")
                                        && m.getParameters().isEmpty()
                                        && docs.getDocCommentTree(path) == null
                                        && isCompactOrDefault(m);
                                if (!generated && isPublic(m.getModifiers().getFlags(), iface)) {
                                    check(
                                            path,
                                            name + "."
                                                    + (m.getName().contentEquals("<init>")
                                                            ? c.getSimpleName().toString()
                                                            : m.getName().toString()));
                                }
                            } else if (member instanceof VariableTree v) {
                                boolean component = c.getKind() == Tree.Kind.RECORD
                                        && !v.getModifiers().getFlags().contains(Modifier.STATIC);
                                if (!component
                                        && (c.getKind() == Tree.Kind.ENUM
                                                        && v.getModifiers()
                                                                .getFlags()
                                                                .isEmpty()
                                                || isPublic(v.getModifiers().getFlags(), iface))) {
                                    check(path, name + "." + v.getName());
                                }
                            } else if (member instanceof ClassTree inner) {
                                scan(path, (iface ? "@interface:" : "") + name);
                            }
                        }
                        return null;
                    }

                    private void check(TreePath path, String what) {
                        if (docs.getDocCommentTree(path) == null) {
                            missing.add(what);
                        }
                    }
                }.scan(new TreePath(unit), null);
            }
        }
        return missing;
    }

    private static boolean isPublic(java.util.Set<Modifier> flags, boolean inInterface) {
        return flags.contains(Modifier.PUBLIC) || (inInterface && !flags.contains(Modifier.PRIVATE));
    }

    /** A constructor the compiler adds (no body written in the source): javac parses it with no position. */
    private static boolean isCompactOrDefault(MethodTree m) {
        return m.getBody() == null
                || m.getBody().getStatements().isEmpty()
                        && m.getModifiers().getFlags().isEmpty();
    }
}
