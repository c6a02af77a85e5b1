fn main() {
    anywhere_console::start();
}
